using System.Collections.Generic;
using System.CommandLine;

namespace DeepestLearning.Cli;

/// <summary>
/// What a program adds to <see cref="AssimilationApp"/> for its own model: options of its own,
/// settings derived from them (a generated stimulus, R_f0 per group of components), another action
/// instead of the annealing, and outputs of its own. Every member has a do-nothing default.
/// </summary>
public abstract class AssimilationExtension
{
    /// <summary>Options the program adds to the standard ones.</summary>
    public virtual IReadOnlyList<Option> Options => System.Array.Empty<Option>();

    /// <summary>Standard options (names without dashes) the program does not offer, e.g. <c>observed</c> when only one component can be measured.</summary>
    public virtual IReadOnlyCollection<string> RemovedOptions => System.Array.Empty<string>();

    /// <summary>
    /// Adjusts the settings after the standard options are applied and before anything is
    /// validated or run. Throw <see cref="CommandLineException"/> for a bad value of an own option.
    /// </summary>
    /// <param name="settings">The settings with the standard options applied.</param>
    /// <param name="values">The whole command line.</param>
    public virtual TwinSettings Configure(TwinSettings settings, CommandLineValues values) => settings;

    /// <summary>
    /// Runs something else instead of the annealing (e.g. an experiment-design comparison) and
    /// returns its exit code, or null to anneal. Called once the settings are validated.
    /// </summary>
    /// <param name="settings">The validated settings.</param>
    /// <param name="values">The whole command line.</param>
    public virtual int? RunInstead(TwinSettings settings, CommandLineValues values) => null;

    /// <summary>Reports on a finished run after every file is written (e.g. a table of its own).</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="summary">The run's numbers.</param>
    public virtual void Finished(TwinSettings settings, TwinSummary summary)
    {
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>
/// The models one program offers, chosen by an option: e.g. Lorenz96 at D = 10, 20 or 40, each a
/// declared class of its own, chosen by <c>--states</c>. Each model has its own default settings.
/// A program with one model uses <see cref="Single{TModel}"/>, which adds no option.
/// </summary>
public sealed class ModelChoice
{
    private readonly List<(string Value, IModelRunner Runner, TwinSettings Defaults)> _models = new();

    /// <summary>A choice made by <c>--<paramref name="optionName"/></c>; the first model added is the default.</summary>
    /// <param name="optionName">The option's name without the leading dashes, e.g. <c>states</c>.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    public ModelChoice(string optionName, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(optionName);
        OptionName = optionName;
        Description = description;
    }

    private ModelChoice()
    {
        Description = "";
    }

    /// <summary>The option that chooses, or null for a program with one model.</summary>
    public string? OptionName { get; }

    /// <summary>The option's line in <c>--help</c>.</summary>
    public string Description { get; }

    /// <summary>The values the option accepts, the default first.</summary>
    public IReadOnlyList<string> Values => _models.Select(m => m.Value).ToArray();

    /// <summary>A program with the one model <typeparamref name="TModel"/>.</summary>
    /// <typeparam name="TModel">A <c>[DynamicalModel]</c> class.</typeparam>
    /// <param name="defaults">Its settings without options.</param>
    public static ModelChoice Single<TModel>(TwinSettings defaults) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var choice = new ModelChoice();
        choice._models.Add(("", new ModelRunner<TModel>(), defaults));
        return choice;
    }

    /// <summary>Offers <typeparamref name="TModel"/> as <c>--option <paramref name="value"/></c>.</summary>
    /// <typeparam name="TModel">A <c>[DynamicalModel]</c> class.</typeparam>
    /// <param name="value">The option value that selects it.</param>
    /// <param name="defaults">Its settings without options.</param>
    /// <returns>This choice, to add more.</returns>
    public ModelChoice Add<TModel>(string value, TwinSettings defaults) where TModel : IDynamicalModel<TModel>
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentNullException.ThrowIfNull(defaults);
        if (OptionName is null) throw new InvalidOperationException("a single-model program has no choice to add to.");
        if (_models.Any(m => m.Value == value)) throw new ArgumentException($"'{value}' is offered twice.", nameof(value));
        _models.Add((value, new ModelRunner<TModel>(), defaults));
        return this;
    }

    internal (IModelRunner Runner, TwinSettings Defaults) Default =>
        _models.Count > 0 ? (_models[0].Runner, _models[0].Defaults) : throw new InvalidOperationException("the choice offers no model.");

    internal (IModelRunner Runner, TwinSettings Defaults)? Find(string value) =>
        _models.FirstOrDefault(m => m.Value == value) is { Runner: not null } m ? (m.Runner, m.Defaults) : null;
}

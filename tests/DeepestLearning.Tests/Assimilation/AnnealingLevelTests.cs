using System;
using Xunit;

namespace DeepestLearning.Tests.Assimilation;

public class AnnealingLevelTests
{
    private static AnnealingLevel Level(params double[] actions)
    {
        var level = new AnnealingLevel(30, 1e7, actions.Length, 1);
        actions.CopyTo(level.Actions, 0);
        return level;
    }

    /// <summary>Actions within the relative tolerance are one level; the grouping does not depend on path order.</summary>
    [Fact]
    public void Counts_distinct_action_levels()
    {
        Assert.Equal(1, Level(2897.6653330351983, 2897.6653330351801).DistinctLevels());
        Assert.Equal(2, Level(943.875, 18458, 943.870, 943.879).DistinctLevels());
        Assert.Equal(4, Level(23172, 12457, 32352, 40365).DistinctLevels());
        Assert.Equal(2, Level(18458, 18541).DistinctLevels());
        Assert.Equal(2, Level(1.0, 1.0 + 1e-5).DistinctLevels(1e-6));
        Assert.Equal(1, Level(1.0, 1.0 + 1e-5).DistinctLevels());
        Assert.Equal(0, Level().DistinctLevels());
        Assert.Equal("relativeTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => Level(1.0).DistinctLevels(double.NaN)).ParamName);
    }
}

using System;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Networks;

/// <summary>Generated layer maps (dense and [LayerMap]) against finite differences, with exact patterns and no allocation.</summary>
public class LayerDerivativeTests
{
    [Fact]
    public void Dense_sigmoid_network_with_own_input_and_output_widths() => LayerChecks<SigmoidNetwork>.All(seed: 11);

    [Fact]
    public void Dense_linear_activation_has_only_weight_input_curvature() => LayerChecks<LinearNetwork>.All(seed: 12);

    [Fact]
    public void Single_dense_layer_struct() => LayerChecks<SingleTanhLayer>.All(seed: 13);

    [Fact]
    public void LayerMap_residual_network() => LayerChecks<ResidualTanhNetwork>.All(seed: 14);

    [Fact]
    public void Shapes_follow_the_declaration()
    {
        Assert.Equal(3, SigmoidNetwork.LayerCount);
        Assert.Equal(new[] { 3, 4, 4, 2 }, new[] { SigmoidNetwork.LayerWidth(0), SigmoidNetwork.LayerWidth(1), SigmoidNetwork.LayerWidth(2), SigmoidNetwork.LayerWidth(3) });
        Assert.Equal(new[] { 16, 20, 10 }, new[] { SigmoidNetwork.WeightCount(0), SigmoidNetwork.WeightCount(1), SigmoidNetwork.WeightCount(2) });
        Assert.Equal(46, NetworkLayout<SigmoidNetwork>.WeightCount);
        Assert.Equal(13, NetworkLayout<SigmoidNetwork>.StatesPerExample);
        Assert.Equal(12, ResidualTanhNetwork.WeightCount(3));
        Assert.Equal(2, SingleTanhLayer.LayerWidth(0));
        Assert.Equal(5, SingleTanhLayer.LayerWidth(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SigmoidNetwork.Forward(3, new double[4], new double[20], new double[4]));
        Assert.Equal("layer", e.ParamName);
        var s = Assert.Throws<ArgumentException>(() => SigmoidNetwork.Forward(1, new double[4], new double[19], new double[4]));
        Assert.Equal("w", s.ParamName);
    }
}

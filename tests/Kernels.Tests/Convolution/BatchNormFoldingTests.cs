using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Convolution;

public class BatchNormFoldingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Folded_weights_and_bias_follow_the_formula_per_output_channel(bool withBias)
    {
        const int channels = 5;
        const float epsilon = 1e-3f;
        var weights = TestData.Random(3 * 3 * 4 * channels, 1); // HWIO [3, 3, 4, 5]
        var bias = withBias ? TestData.Random(channels, 2) : [];
        var gamma = TestData.Random(channels, 3, 0.5f, 2f);
        var beta = TestData.Random(channels, 4);
        var mean = TestData.Random(channels, 5);
        var variance = TestData.Random(channels, 6, 0.1f, 3f);
        var foldedWeights = new float[weights.Length];
        var foldedBias = new float[channels];

        BatchNormFolding.Fold(weights, bias, gamma, beta, mean, variance, epsilon, foldedWeights, foldedBias);

        for (var i = 0; i < weights.Length; i++)
        {
            var o = i % channels;
            var scale = gamma[o] / Math.Sqrt(variance[o] + (double)epsilon);

            // Computed in double and rounded once: within half an ulp.
            Assert.Equal((float)(weights[i] * scale), foldedWeights[i]);
        }

        for (var o = 0; o < channels; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + (double)epsilon);
            Assert.Equal((float)((((withBias ? bias[o] : 0.0) - mean[o]) * scale) + beta[o]), foldedBias[o]);
        }
    }

    [Fact]
    public void A_folded_depthwise_convolution_equals_the_convolution_followed_by_batch_norm()
    {
        using var cpu = CpuContext.Create(Isa.Best);
        const int c = 17;
        const float epsilon = 1e-3f;
        var g = Conv2dGeometry.Same(7, 9, c, c, 3, 3, stride: 2, groups: c);
        var input = TestData.Random(7 * 9 * c, 1);
        var weights = TestData.Random(9 * c, 2, -1f, 1f);
        var gamma = TestData.Random(c, 3, 0.5f, 2f);
        var beta = TestData.Random(c, 4);
        var mean = TestData.Random(c, 5);
        var variance = TestData.Random(c, 6, 0.1f, 3f);

        var raw = new float[g.OutputHeight * g.OutputWidth * c];
        DepthwiseConvolution.Run(cpu, g, input, weights, [], Activation.None, raw);
        var foldedWeights = new float[weights.Length];
        var foldedBias = new float[c];
        BatchNormFolding.Fold(weights, [], gamma, beta, mean, variance, epsilon, foldedWeights, foldedBias);
        var folded = new float[raw.Length];
        DepthwiseConvolution.Run(cpu, g, input, foldedWeights, foldedBias, Activation.None, folded);

        var expected = raw.Select((v, i) => ((v - mean[i % c]) * gamma[i % c] / Math.Sqrt(variance[i % c] + (double)epsilon)) + beta[i % c]).ToArray();

        // Nine taps within 3 each plus the folding roundings: a few units of 2^-24 on values up to about 60.
        TestData.AssertClose(expected, folded, _ => 2e-5, "folded depthwise against conv + batch norm");
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        float[] w = new float[12], b = new float[3], ones = [1f, 1f, 1f];
        Assert.Equal("beta", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(w, b, ones, new float[2], ones, ones, 0f, new float[12], new float[3])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(new float[13], b, ones, ones, ones, ones, 0f, new float[13], new float[3])).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(w, b, ones, ones, ones, [1f, 0f, 1f], 0f, new float[12], new float[3])).ParamName);
        Assert.Equal("foldedWeights", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(w, b, ones, ones, ones, ones, 0f, new float[11], new float[3])).ParamName);
    }
}

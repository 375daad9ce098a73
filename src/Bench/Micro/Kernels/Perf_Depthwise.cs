using BenchmarkDotNet.Attributes;
using Toolkit.Kernels;
using Toolkit.Kernels.Convolution;

namespace Toolkit.Bench.Micro.Kernels;

/// <summary>
/// Direct depthwise 3×3 convolution with fused bias + ReLU6, one thread, per ISA tier chosen in process, on MobileNetV1
/// layer shapes (SAME padding): the first, widest layer, a stride-2 layer, the deep 14×14×512 layer that runs five times,
/// and the last one. An odd shape (13×13×35, stride 2) measures the channel tail and the border columns.
/// </summary>
[Config(typeof(TierJobs.InProcessConfig))]
[BenchmarkCategory(Categories.Kernels, Depthwise)]
public class Perf_Depthwise : IDisposable
{
    /// <summary>This suite's category, for <c>--anyCategories Depthwise</c>.</summary>
    public const string Depthwise = "Depthwise";

    private CpuContext? cpu;
    private Conv2dGeometry geometry;
    private float[] input = [];
    private float[] weights = [];
    private float[] bias = [];
    private float[] output = [];

    [Params(Isa.Scalar, Isa.Vector128, Isa.Avx2, Isa.Avx512)]
    public Isa Tier { get; set; }

    /// <summary>Input side × channels and stride, as <c>{side}x{channels}s{stride}</c>.</summary>
    [Params("112x32s1", "112x64s2", "14x512s1", "7x1024s1", "13x35s2")]
    public string Layer { get; set; } = "14x512s1";

    [GlobalSetup]
    public void Setup()
    {
        TierJobs.CheckExpectedTier();

        // Throws IsaNotSupportedException, naming the tier, when this CPU lacks it: that case fails, the others run.
        cpu = CpuContext.Create(Tier);
        var parts = Layer.Split('x', 's');
        var (side, channels, stride) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        geometry = Conv2dGeometry.Same(side, side, channels, channels, 3, 3, stride, channels);
        var random = new Random(42);
        input = [.. Enumerable.Range(0, side * side * channels).Select(_ => (float)random.NextDouble())];
        weights = [.. Enumerable.Range(0, 9 * channels).Select(_ => (float)(random.NextDouble() - 0.5))];
        bias = [.. Enumerable.Range(0, channels).Select(_ => (float)(random.NextDouble() - 0.5))];
        output = new float[geometry.OutputHeight * geometry.OutputWidth * channels];
    }

    /// <summary>One convolution; returns an element so the call cannot be optimised away.</summary>
    [Benchmark]
    public float Convolve()
    {
        DepthwiseConvolution.Run(cpu!, geometry, input, weights, bias, Activation.Relu6, output);
        return output[^1];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        cpu?.Dispose();
        GC.SuppressFinalize(this);
    }
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using Toolkit.Kernels;
using Toolkit.Kernels.Convolution;

namespace Toolkit.Bench.Micro.Kernels;

/// <summary>
/// A dense 3×3, stride-1 convolution with fused bias + ReLU, one thread, per ISA tier chosen in process, on ResNet18's
/// layer shapes (channels in = out, SAME padding), each way it can run: im2col blocks gathered into scratch, a
/// zero-padded copy read in place over the padded width (whose discarded rows grow as the image narrows), or Winograd
/// F(2×2, 3×3) (whose weights are 16/9 the size and whose GEMMs shrink to a few rows as the image narrows). The ratios
/// of the paths per layer are what <see cref="Conv2dInput.Automatic"/> decides by.
/// </summary>
[Config(typeof(TierJobs.InProcessConfig))]
[BenchmarkCategory(Categories.Kernels, Conv2d)]
public class Perf_Conv2d : IDisposable
{
    /// <summary>This suite's category, for <c>--anyCategories Conv2d</c>.</summary>
    public const string Conv2d = "Conv2d";

    private CpuContext? cpu;
    private PreparedConv2d? convolution;
    private float[] input = [];
    private float[] bias = [];
    private float[] output = [];

    [Params(Isa.Avx2, Isa.Avx512)]
    public Isa Tier { get; set; }

    /// <summary>Input side × channels, as <c>{side}x{channels}</c>.</summary>
    [Params("56x64", "28x128", "14x256", "7x512")]
    public string Layer { get; set; } = "28x128";

    [Params(Conv2dInput.Gathered, Conv2dInput.PaddedInPlace, Conv2dInput.Winograd)]
    public Conv2dInput Path { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierJobs.CheckExpectedTier();

        // Throws IsaNotSupportedException, naming the tier, when this CPU lacks it: that case fails, the others run.
        cpu = CpuContext.Create(Tier);
        var parts = Layer.Split('x');
        var (side, channels) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        var geometry = Conv2dGeometry.Same(side, side, channels, channels, 3, 3);
        var random = new Random(42);
        input = [.. Enumerable.Range(0, side * side * channels).Select(_ => (float)random.NextDouble())];
        float[] weights = [.. Enumerable.Range(0, (int)geometry.WeightCount).Select(_ => (float)(random.NextDouble() - 0.5))];
        bias = [.. Enumerable.Range(0, channels).Select(_ => (float)(random.NextDouble() - 0.5))];
        convolution = Toolkit.Kernels.Convolution.Conv2d.Prepare(Tier, geometry, weights, Path);
        output = new float[convolution.OutputLength];
    }

    /// <summary>One convolution; returns an element so the call cannot be optimised away.</summary>
    [Benchmark]
    public float Convolve()
    {
        convolution!.Run(cpu!, input, output, bias, Activation.Relu);
        return output[^1];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        convolution?.Dispose();
        cpu?.Dispose();
        GC.SuppressFinalize(this);
    }
}

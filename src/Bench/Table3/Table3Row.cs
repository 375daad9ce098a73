using System.Text.Json.Serialization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Table3;

/// <summary>
/// One row of the <c>table3</c> results: one model on one engine, tier and thread count. <see cref="Kernels"/> records,
/// for torchsharp rows, which kernels libtorch ran (oneDNN's ISA and implementations, MKL's ISA).
/// <see cref="MedianCi95Ms"/> is the median's 95% interval (<see cref="MedianInterval"/>), null below six samples.
/// </summary>
public sealed record Table3Row(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("isa")] string Isa,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("median_ms")] double MedianMs,
    [property: JsonPropertyName("p95_ms")] double P95Ms,
    [property: JsonPropertyName("samples_ms")] double[] SamplesMs,
    [property: JsonPropertyName("rel_diff_vs_onnxruntime")] double? RelDiffVsOnnxRuntime,
    [property: JsonPropertyName("top1")] int Top1,
    [property: JsonPropertyName("kernels")] string? Kernels = null,
    [property: JsonPropertyName("median_ci95")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? MedianCi95Ms = null)
{
    /// <summary>The median's 95% interval of <paramref name="samples"/>, rounded like the medians; null below six samples.</summary>
    public static double[]? IntervalOf(LatencySamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return MedianInterval.Of(samples.SamplesMs) is [var low, var high] ? [Math.Round(low, 4), Math.Round(high, 4)] : null;
    }
}

using System.Text.Json.Serialization;

namespace Toolkit.Bench.Table3;

/// <summary>
/// One row of the <c>table3</c> results: one model on one engine, tier and thread count. <see cref="Kernels"/> records,
/// for torchsharp rows, which kernels libtorch ran (oneDNN's ISA and implementations, MKL's ISA).
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
    [property: JsonPropertyName("kernels")] string? Kernels = null);

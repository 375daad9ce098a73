using System.Text.Json.Serialization;
using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Profile;

/// <summary>
/// One row of the <c>profile</c> results: one step of our engine's plan (one graph node after optimization), its
/// median and p95 time over the profiled runs, its share of the summed medians, and the GFLOP/s its counted
/// multiply-accumulates reach (null for nodes that count none, such as pooling or concat). With a comparison,
/// onnxruntime_ms is the median ONNX Runtime spent on the nodes that compute the same value.
/// </summary>
public sealed record LayerRow(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("isa")] string Isa,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("output_shape")] int[] OutputShape,
    [property: JsonPropertyName("ms")] PhaseStats Ms,
    [property: JsonPropertyName("share")] double Share,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("gflop_per_s")] double? GflopPerS,
    [property: JsonPropertyName("onnxruntime_ms")] double? OnnxRuntimeMs);

using System.Text.Json.Serialization;

namespace Toolkit.Bench.Models;

/// <summary>
/// One row of the <c>models</c> results: a zoo model's size and compute, counted from its graph, beside the paper's
/// Table 2. Parameters count every weight as built (batch-norm statistics included, as a framework checkpoint holds
/// them); weight_bytes are those weights at their stored type (float32: 4 bytes each).
/// </summary>
public sealed record ModelRow(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("params")] long Params,
    [property: JsonPropertyName("weight_bytes")] long WeightBytes,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("paper_model_mb")] double? PaperModelMb,
    [property: JsonPropertyName("paper_gflops")] double? PaperGflops)
{
    /// <summary>Our weights in MB (10^6 bytes), the unit Table 2's model size appears to use.</summary>
    [JsonPropertyName("weight_mb")]
    public double WeightMb => WeightBytes / 1e6;
}

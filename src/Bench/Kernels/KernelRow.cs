using System.Text.Json.Serialization;

namespace Toolkit.Bench.Kernels;

/// <summary>One row of the <c>kernels</c> section of a results file; other tools read these field names.</summary>
public sealed record KernelRow(
    [property: JsonPropertyName("kernel")] string Kernel,
    [property: JsonPropertyName("shape")] string Shape,
    [property: JsonPropertyName("isa")] string Isa,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("peak_gflops")] double? PeakGflops,
    [property: JsonPropertyName("efficiency")] double? Efficiency);

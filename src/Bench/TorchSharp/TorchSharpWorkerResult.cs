using System.Text.Json.Serialization;

namespace Toolkit.Bench.TorchSharp;

/// <summary>What the worker reports on its result line.</summary>
public sealed record TorchSharpWorkerResult(
    [property: JsonPropertyName("first_run_ms")] double FirstRunMs,
    [property: JsonPropertyName("samples_ms")] double[] SamplesMs,
    [property: JsonPropertyName("verbose_recorded")] bool VerboseRecorded,
    [property: JsonPropertyName("aten_cpu_capability")] string? AtenCpuCapability,
    [property: JsonPropertyName("matmul_gflops")] double MatmulGflops);

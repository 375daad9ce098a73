using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>The knobs of one platform configuration; a platform sets only its own (others stay null).</summary>
public sealed record CandidateSettings(
    [property: JsonPropertyName("memory_mb")] int? MemoryMb = null,
    [property: JsonPropertyName("max_concurrency")] int? MaxConcurrency = null,
    [property: JsonPropertyName("instances")] int? Instances = null,
    [property: JsonPropertyName("concurrency")] int? Concurrency = null,
    [property: JsonPropertyName("vcpu")] double? Vcpu = null,
    [property: JsonPropertyName("memory_gib")] double? MemoryGib = null);

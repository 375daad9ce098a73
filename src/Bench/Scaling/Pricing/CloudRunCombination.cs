using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>One vCPU count Cloud Run offers and the memory range (GiB) it accepts with it.</summary>
public sealed record CloudRunCombination(
    [property: JsonPropertyName("vcpu")] int Vcpu,
    [property: JsonPropertyName("min_gib")] double MinGib,
    [property: JsonPropertyName("max_gib")] double MaxGib);

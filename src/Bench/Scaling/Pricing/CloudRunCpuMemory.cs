using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>The table of vCPU counts and the memory range each accepts, with its source.</summary>
public sealed record CloudRunCpuMemory(
    [property: JsonPropertyName("combinations")] IReadOnlyList<CloudRunCombination> Combinations,
    [property: JsonPropertyName("source")] string Source = "",
    [property: JsonPropertyName("date")] string Date = "",
    [property: JsonPropertyName("confirmed")] bool Confirmed = false,
    [property: JsonPropertyName("note")] string? Note = null);

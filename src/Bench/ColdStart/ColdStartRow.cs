using System.Text.Json.Serialization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// A median and p95 in ms, and, from six samples up, the median's 95% confidence interval (<see cref="MedianInterval"/>);
/// <c>--full</c> runs take enough samples for it to be narrow.
/// </summary>
public sealed record PhaseStats(
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("median_ci95")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? MedianCi95 = null)
{
    public static PhaseStats Of(IEnumerable<double> samplesMs)
    {
        var samples = LatencySamples.From(samplesMs);
        var interval = MedianInterval.Of(samples.SamplesMs);
        return new PhaseStats(Math.Round(samples.MedianMs, 2), Math.Round(samples.P95Ms, 2), interval is null ? null : [Math.Round(interval[0], 2), Math.Round(interval[1], 2)]);
    }
}

/// <summary>
/// One row of the <c>coldstart</c> results: one host × build × engine × model × page-cache state. The burst fields
/// (<see cref="ColdBurstProbe"/>) are null where no burst ran: the Lambda host, and runs without <c>--bursts</c>.
/// <c>mode</c> is <c>process</c> (a fresh bootstrap process) or <c>container</c> (a fresh container of the platform's
/// image, <c>coldstart --container</c>), whose rows add <c>container_init_ms</c>: podman spawn → the bootstrap's main (<see cref="ColdStartSample.FromContainer"/>).
/// </summary>
public sealed record ColdStartRow(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("build")] string Build,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("isa")] string Isa,
    [property: JsonPropertyName("page_cache")] string PageCache,
    [property: JsonPropertyName("runs")] int Runs,
    [property: JsonPropertyName("runtime_init_ms")] PhaseStats RuntimeInitMs,
    [property: JsonPropertyName("model_load_ms")] PhaseStats ModelLoadMs,
    [property: JsonPropertyName("first_inference_ms")] PhaseStats FirstInferenceMs,
    [property: JsonPropertyName("end_to_end_ms")] PhaseStats EndToEndMs,
    [property: JsonPropertyName("burst_requests")] int? BurstRequests = null,
    [property: JsonPropertyName("burst_failed")] int? BurstFailed = null,
    [property: JsonPropertyName("burst_latency_ms")] PhaseStats? BurstLatencyMs = null,
    [property: JsonPropertyName("mode")] string Mode = ColdStartRow.ProcessMode,
    [property: JsonPropertyName("container_init_ms")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PhaseStats? ContainerInitMs = null,
    [property: JsonPropertyName("subphases_ms")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, PhaseStats>? SubPhasesMs = null)
{
    public const string ProcessMode = "process";

    public const string ContainerMode = "container";

    /// <summary>Each sub-phase every sample has (runtime_exec and runtime_host, model_map and model_plan), or null when none is in all of them.</summary>
    public static IReadOnlyDictionary<string, PhaseStats>? SubPhasesOf(IReadOnlyList<ColdStartSample> samples)
    {
        var names = samples.Count == 0 ? [] : samples[0].SubPhasesMs.Keys.Where(name => samples.All(s => s.SubPhasesMs.ContainsKey(name))).ToList();
        return names.Count == 0 ? null : names.ToDictionary(name => name, name => PhaseStats.Of(samples.Select(s => s.SubPhasesMs[name])), StringComparer.Ordinal);
    }
}

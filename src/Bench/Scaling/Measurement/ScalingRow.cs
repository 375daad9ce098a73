using System.Text.Json.Serialization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>A median and a 95th percentile (ms, or a relative error for <see cref="ScalingRow.PredictionError"/>).</summary>
public sealed record MedianP95(
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("p95")] double P95)
{
    public static MedianP95 Of(LatencySamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return new MedianP95(Math.Round(samples.MedianMs, 3), Math.Round(samples.P95Ms, 3));
    }

    /// <summary>(simulated − measured) / measured for each statistic.</summary>
    public static MedianP95 RelativeError(MedianP95 simulated, MedianP95 measured)
    {
        ArgumentNullException.ThrowIfNull(simulated);
        ArgumentNullException.ThrowIfNull(measured);
        return new MedianP95(Math.Round((simulated.Median - measured.Median) / measured.Median, 4), Math.Round((simulated.P95 - measured.P95) / measured.P95, 4));
    }
}

/// <summary>
/// One row of the <c>scaling</c> results, as other tools read them: a platform (<c>faas</c> or <c>containers</c>), a
/// model, a configuration (a Lambda memory size such as <c>1769MB</c>, or <c>instances_concurrency_cores</c>), whether it
/// was <c>measured</c> here or <c>simulated</c>, its latency and its cost per million requests. A simulated row of a
/// configuration that also ran for real carries <c>prediction_error</c>. The other fields say how it was obtained;
/// <c>quota_mechanism</c> is what enforced a CPU quota (<see cref="CpuLimitGroup.QuotaMechanism"/>).
/// </summary>
public sealed record ScalingRow(
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("latency_ms")] MedianP95 LatencyMs,
    [property: JsonPropertyName("cost_per_million_usd")] double? CostPerMillionUsd,
    [property: JsonPropertyName("prediction_error")] MedianP95? PredictionError = null,
    [property: JsonPropertyName("inference_ms")] MedianP95? InferenceMs = null,
    [property: JsonPropertyName("cold_start_ms")] double? ColdStartMs = null,
    [property: JsonPropertyName("vcpus")] double? Vcpus = null,
    [property: JsonPropertyName("quota_cores")] double? QuotaCores = null,
    [property: JsonPropertyName("threads")] int? Threads = null,
    [property: JsonPropertyName("burst")] int? Burst = null,
    [property: JsonPropertyName("requests")] int Requests = 0,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("latency_samples_ms")] IReadOnlyList<double>? LatencySamplesMs = null,
    [property: JsonPropertyName("quota_mechanism")] string? QuotaMechanism = null)
{
    public const string Faas = "faas";
    public const string Containers = "containers";
    public const string Measured = "measured";
    public const string Simulated = "simulated";
}

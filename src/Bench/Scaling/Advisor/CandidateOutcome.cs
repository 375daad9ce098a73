using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>One configuration's prediction: latency of completed requests, rejections, and the cost per million requests.</summary>
public sealed record CandidateOutcome(
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("settings")] CandidateSettings Settings,
    [property: JsonPropertyName("predicted_p95_ms")] double PredictedP95Ms,
    [property: JsonPropertyName("predicted_median_ms")] double PredictedMedianMs,
    [property: JsonPropertyName("cost_per_million_usd")] double CostPerMillionUsd,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("cold_starts")] int ColdStarts)
{
    /// <summary>True when every request completed and the p95 is within the target.</summary>
    public bool Meets(double targetP95Ms) => Rejected == 0 && PredictedP95Ms <= targetP95Ms;
}

using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// <c>advise --verify</c>, one platform: the recommendation's predicted p95; the p95 predicted for the fleet this
/// machine replays it on, from the advice's service-time samples and from samples taken on that fleet beside the
/// replays; the mean service time of each set of samples; and the measured p50 and p95, pooled over every replay.
/// <see cref="Verdict"/> is <c>met</c> when the measured p95 is within the simulation's validated band (15%) of the
/// prediction from the samples beside the replays, or below it; <see cref="PredictionError"/> is relative to it.
/// </summary>
public sealed record VerificationRow(
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("config")] string Config,
    [property: JsonPropertyName("replayed_as")] string ReplayedAs,
    [property: JsonPropertyName("instances")] int Instances,
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("replays")] int Replays,
    [property: JsonPropertyName("target_p95_ms")] double TargetP95Ms,
    [property: JsonPropertyName("predicted_p95_ms")] double PredictedP95Ms,
    [property: JsonPropertyName("replay_predicted_p95_ms")] double ReplayPredictedP95Ms,
    [property: JsonPropertyName("beside_predicted_p95_ms")] double BesidePredictedP95Ms,
    [property: JsonPropertyName("advice_service_mean_ms")] double AdviceServiceMeanMs,
    [property: JsonPropertyName("beside_service_mean_ms")] double BesideServiceMeanMs,
    [property: JsonPropertyName("measured_median_ms")] double MeasuredMedianMs,
    [property: JsonPropertyName("measured_p95_ms")] double MeasuredP95Ms,
    [property: JsonPropertyName("measured_p95_per_replay_ms")] double[] MeasuredP95PerReplayMs,
    [property: JsonPropertyName("prediction_error")] double PredictionError,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("target_met")] bool TargetMet);

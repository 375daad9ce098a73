using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>One platform's advice as the <c>advise</c> section of a results file.</summary>
public sealed record AdviseRow(
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("target_p95_ms")] double TargetP95Ms,
    [property: JsonPropertyName("workload")] string Workload,
    [property: JsonPropertyName("recommendation")] CandidateOutcome? Recommendation,
    [property: JsonPropertyName("runners_up")] IReadOnlyList<RunnerUp> RunnersUp,
    [property: JsonPropertyName("evaluated")] int Evaluated,
    [property: JsonPropertyName("model_notes")] IReadOnlyList<string> ModelNotes,
    [property: JsonPropertyName("basis")] string Basis)
{
    public static AdviseRow From(AdviceRequest request, PlatformAdvice advice, string basis) =>
        new(advice.Platform, request.Model, request.TargetP95Ms, request.Workload.Label, advice.Recommendation, advice.RunnersUp, advice.Evaluated, advice.ModelNotes, basis);
}

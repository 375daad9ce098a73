using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>One platform's answer: the recommendation (null when nothing meets the target) and the runners-up.</summary>
public sealed record PlatformAdvice(
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("recommendation")] CandidateOutcome? Recommendation,
    [property: JsonPropertyName("runners_up")] IReadOnlyList<RunnerUp> RunnersUp,
    [property: JsonPropertyName("evaluated")] int Evaluated,
    [property: JsonPropertyName("model_notes")] IReadOnlyList<string> ModelNotes);

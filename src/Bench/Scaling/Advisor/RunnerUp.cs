using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>A configuration that did not win, and why.</summary>
public sealed record RunnerUp(
    [property: JsonPropertyName("candidate")] CandidateOutcome Candidate,
    [property: JsonPropertyName("lost_because")] string LostBecause);

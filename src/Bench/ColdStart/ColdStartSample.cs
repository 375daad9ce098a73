using System.Text.Json;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// One fresh process, timed by the harness and by the bootstrap's own marks on the same monotonic clock. The harness's
/// spawn time stands in for process_start, which the kernel only gives to 10 ms; the phases are then split as the
/// bootstrap splits them (<see cref="ColdStartTimeline.Phases"/>), and end_to_end is spawn → first response received.
/// </summary>
public sealed record ColdStartSample(double RuntimeInitMs, double ModelLoadMs, double FirstInferenceMs, double EndToEndMs, string Isa)
{
    private static readonly string[] RequiredMarks = [ColdStartTimeline.Main, ColdStartTimeline.RuntimeReady, ColdStartTimeline.ModelLoaded, ColdStartTimeline.FirstInference];

    /// <summary>Joins the bootstrap's <c>cold_start</c> JSON line with the harness clocks.</summary>
    /// <exception cref="InvalidDataException">The line lacks a mark a complete cold start has.</exception>
    public static ColdStartSample From(string coldStartLine, double spawnMs, double respondedMs)
    {
        using var document = JsonDocument.Parse(coldStartLine);
        var root = document.RootElement;
        var marks = root.GetProperty("marks_ms").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble(), StringComparer.Ordinal);
        foreach (var mark in RequiredMarks.Where(m => !marks.ContainsKey(m)))
        {
            throw new InvalidDataException($"The cold-start line has no '{mark}' mark: {coldStartLine}");
        }

        marks[ColdStartTimeline.ProcessStart] = spawnMs;
        var overlapped = root.TryGetProperty("load", out var load) && load.GetString() == "overlapped";
        var phases = ColdStartTimeline.FromMarks(marks, overlapped).Phases().ToDictionary(p => p.Name, p => p.DurationMs, StringComparer.Ordinal);
        var isa = root.TryGetProperty("isa", out var tier) ? tier.GetString() ?? "" : "";
        return new ColdStartSample(phases["runtime_init"], phases["model_load"], phases["first_inference"], respondedMs - spawnMs, isa);
    }
}

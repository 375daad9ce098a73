using System.Text.Json;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// One fresh process, timed by the harness and by the bootstrap's own marks on the same monotonic clock. The harness's
/// spawn time stands in for process_start, which the kernel only gives to 10 ms; the phases are then split as the
/// bootstrap splits them (<see cref="ColdStartTimeline.Phases"/>), and end_to_end is spawn → first response received.
/// A container start (<see cref="FromContainer"/>) adds <see cref="ContainerInitMs"/>, null for a plain process.
/// </summary>
public sealed record ColdStartSample(double RuntimeInitMs, double ModelLoadMs, double FirstInferenceMs, double EndToEndMs, string Isa, double? ContainerInitMs = null)
{
    /// <summary>The sub-phases the line's marks give (<see cref="ColdStartTimeline.SubPhases"/>), by name; empty where none.</summary>
    public IReadOnlyDictionary<string, double> SubPhasesMs { get; init; } = new Dictionary<string, double>();

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
        var timeline = ColdStartTimeline.FromMarks(marks, overlapped);
        var phases = timeline.Phases().ToDictionary(p => p.Name, p => p.DurationMs, StringComparer.Ordinal);
        var isa = root.TryGetProperty("isa", out var tier) ? tier.GetString() ?? "" : "";
        return new ColdStartSample(phases["runtime_init"], phases["model_load"], phases["first_inference"], respondedMs - spawnMs, isa)
        {
            SubPhasesMs = timeline.SubPhases().ToDictionary(p => p.Name, p => p.DurationMs, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Joins a containerized bootstrap's line with the harness's <c>podman run</c> spawn. Containers share the host's
    /// monotonic clock (podman makes no time namespace), so the bootstrap's marks are on the harness's clock. The
    /// boundary is the bootstrap's <c>main</c> mark, not its process_start: runc forks its init process, sets up the
    /// namespaces and mounts in it and only then execs the bootstrap, and the kernel's start time is the fork's, so
    /// process_start would put runc's set-up into runtime_init. container_init = podman spawn → main (it includes the
    /// AOT runtime's few milliseconds before main), runtime_init = main → ready, and the other phases as in a process.
    /// </summary>
    /// <exception cref="InvalidDataException">The line lacks a mark a complete cold start has.</exception>
    public static ColdStartSample FromContainer(string coldStartLine, double spawnMs, double respondedMs)
    {
        using var document = JsonDocument.Parse(coldStartLine);
        var mainMs = document.RootElement.GetProperty("marks_ms").TryGetProperty(ColdStartTimeline.Main, out var main)
            ? main.GetDouble()
            : throw new InvalidDataException($"The cold-start line has no '{ColdStartTimeline.Main}' mark: {coldStartLine}");
        var inside = From(coldStartLine, mainMs, respondedMs);
        return inside with { EndToEndMs = respondedMs - spawnMs, ContainerInitMs = Math.Round(mainMs - spawnMs, 3) };
    }
}

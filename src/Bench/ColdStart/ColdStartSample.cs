using System.Text.Json;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// One fresh process, timed by the harness and by the bootstrap's own marks on the same monotonic clock. The harness's
/// spawn time stands in for process_start, which the kernel only gives to 10 ms. Phases follow DESIGN.md:
/// runtime_init = spawn → runtime_ready (less the model load when the host loads before it is ready, as Lambda does),
/// model_load, first_inference = model_loaded → first inference done, end_to_end = spawn → first response received.
/// </summary>
public sealed record ColdStartSample(double RuntimeInitMs, double ModelLoadMs, double FirstInferenceMs, double EndToEndMs, string Isa)
{
    /// <summary>Joins the bootstrap's <c>cold_start</c> JSON line with the harness clocks.</summary>
    /// <exception cref="InvalidDataException">The line lacks a mark a complete cold start has.</exception>
    public static ColdStartSample From(string coldStartLine, double spawnMs, double respondedMs)
    {
        using var document = JsonDocument.Parse(coldStartLine);
        var root = document.RootElement;
        var marks = root.GetProperty("marks_ms");
        double Mark(string name) => marks.TryGetProperty(name, out var value)
            ? value.GetDouble()
            : throw new InvalidDataException($"The cold-start line has no '{name}' mark: {coldStartLine}");
        var (main, ready, loaded, first) = (Mark("main"), Mark("runtime_ready"), Mark("model_loaded"), Mark("first_inference"));
        var loadedFirst = loaded < ready;
        var loadMs = loadedFirst ? loaded - main : loaded - ready;
        var initMs = ready - spawnMs - (loadedFirst ? loadMs : 0);
        var isa = root.TryGetProperty("isa", out var tier) ? tier.GetString() ?? "" : "";
        return new ColdStartSample(initMs, loadMs, first - loaded, respondedMs - spawnMs, isa);
    }
}

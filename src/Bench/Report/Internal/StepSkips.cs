using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Report.Internal;

/// <summary>What a step of the run recorded as skipped (<see cref="Skip.Section"/>), as a sentence for its section.</summary>
internal static class StepSkips
{
    /// <summary>" Skipped on this machine: what: reason …" for each of <paramref name="step"/>'s skips; empty when none.</summary>
    public static string Note(ResultsDocument results, string step)
    {
        ArgumentNullException.ThrowIfNull(results);
        var skips = results.Rows(Skip.Section).Where(r => r.Text("step") == step)
            .Select(r => $"{r.Label("what")}: {r.Text("reason") ?? "no reason recorded."}").ToList();
        return skips.Count == 0 ? "" : " Skipped on this machine: " + string.Join(" ", skips);
    }
}

using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Report.Internal;

/// <summary>What a step of the run recorded as skipped (<see cref="Skip.Section"/>), named in that step's section.</summary>
internal static class StepSkips
{
    /// <summary>
    /// " Skipped on this machine: bert, … (why, and how to enable it: This run)." for <paramref name="step"/>'s skips;
    /// empty when none. The reasons stay in the This run section's table, once.
    /// </summary>
    public static string Note(ResultsDocument results, string step)
    {
        ArgumentNullException.ThrowIfNull(results);
        var skipped = results.Rows(Skip.Section).Where(r => r.Text("step") == step).Select(r => r.Label("what")).ToList();
        return skipped.Count == 0 ? "" : $" Skipped on this machine: {string.Join(", ", skipped)} (why, and how to enable it: This run).";
    }
}

using System.Text.Json.Nodes;
using Toolkit.Bench.ColdStart;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// Figure 6's ISA relaunch comparison (<see cref="RelaunchComparison"/>): v3 only, v4 direct and v3 → v4 starts of the
/// AOT bootstrap side by side wherever the rows have aot beside aot-v3 or aot-v4, with the verdict on each.
/// </summary>
internal static class ColdStartRelaunch
{
    /// <param name="rows">The process rows of the coldstart section (container rows start only the aot build).</param>
    public static void Write(ReportWriter writer, IReadOnlyList<JsonObject> rows)
    {
        var comparisons = RelaunchComparison.Of(rows.Select(r => (Row: r, Start: Start(r)))
            .Where(r => r.Start is not null)
            .Select(r => (r.Row.Label("host"), r.Row.Label("engine"), r.Row.Label("model"), r.Row.Label("page_cache"), r.Start!)));
        if (comparisons.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("host", "engine", "model", "page cache", "start", "build", "isa", "runtime init (ms, p95)", "end to end (ms, p95)");
        table.RightAligned.UnionWith([7, 8]);
        foreach (var comparison in comparisons)
        {
            foreach (var (label, start) in comparison.Starts)
            {
                table.Add(comparison.Host, comparison.Engine, comparison.Model, comparison.PageCache, label, start?.Build ?? "–", start?.Isa ?? "–",
                    start is null ? "not run" : WithP95(start.RuntimeInitMs), start is null ? "not run" : WithP95(start.EndToEndMs));
            }
        }

        writer.Paragraph("The ISA relaunch: the x86-64-v3 `bootstrap` execs its x86-64-v4 sibling before the runtime starts when the CPU has AVX-512. " +
                         "v3 only is `bootstrap` with `TOOLKIT_RELAUNCH=0` (build aot-v3), v4 direct is `bootstrap-v4` started directly (aot-v4), " +
                         "v3 → v4 is the shipped start (aot). v4 direct and v3 → v4 run the same code after the exec, so their difference is the relaunch's cost.");
        writer.Table(table);
        foreach (var comparison in comparisons)
        {
            writer.Bullet($"Relaunch, {comparison.Host} {comparison.Engine} {comparison.Model} {comparison.PageCache}: {comparison.Verdict()}.");
        }

        writer.EndList();
    }

    private static string WithP95(PhaseStats stats) => $"{Numbers.Sig(stats.Median)} ({Numbers.Sig(stats.P95)})";

    /// <summary>A row as a start of the comparison, or null when it lacks the medians the comparison shows.</summary>
    private static RelaunchStart? Start(JsonObject row) =>
        Stats(row, "runtime_init_ms") is { } runtimeInit && Stats(row, "end_to_end_ms") is { } endToEnd
            ? new RelaunchStart(row.Label("build"), row.Label("isa"), (int)(row.Number("runs") ?? 0), runtimeInit, endToEnd)
            : null;

    private static PhaseStats? Stats(JsonObject row, string field) =>
        row.Median(field) is { } median
            ? new PhaseStats(median, row.P95(field) ?? median, row.MedianCi95(field) is { } interval ? [interval.Low, interval.High] : null)
            : null;
}

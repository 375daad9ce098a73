using System.Text.Json;
using System.Text.Json.Nodes;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// How the run that recorded the file went: each step's status, time and error, the timed total against the default
/// run's budget, which engines and builds produced rows, and every part that was skipped with its reason.
/// </summary>
internal static class RunSection
{
    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var run = results.Block("run");
        var steps = run?["steps"] is JsonArray array ? array.OfType<JsonObject>().ToList() : [];
        var skips = results.Rows(Skip.Section);
        var ran = Ran(results);
        if (steps.Count == 0 && skips.Count == 0 && ran.Count == 0)
        {
            writer.SkippedSection("run", "This run", "no `run` block, no skipped parts and no engine rows.");
            return;
        }

        writer.Section("run", "This run");
        if (steps.Count > 0)
        {
            var table = new MarkdownTable("step", "status", "duration", "error");
            table.RightAligned.Add(2);
            foreach (var step in steps)
            {
                var status = step.Label("status");
                table.Add(step.Label("name"), status == RunStepResult.Failed ? "**failed**" : status,
                    (step.Number("seconds") is { } s ? Numbers.Fixed(s, 1) + " s" : "–") + (step["timed"]?.GetValueKind() == JsonValueKind.False ? " (build, untimed)" : ""),
                    step.Text("error") ?? "");
            }

            var timed = run?.Number("timed_seconds");
            var budget = run?.Number("budget_seconds");
            writer.Paragraph($"Recorded by the default run started {run?.Text("started_utc") ?? "?"} (UTC)" +
                             (timed is { } t && budget is { } b ? $"; its experiments took {Numbers.Fixed(t, 0)} s of the {Numbers.Fixed(b, 0)} s budget ({(t <= b ? "within" : "over")} it)." : "."));
            writer.Table(table);
        }

        if (ran.Count > 0)
        {
            foreach (var (what, names) in ran)
            {
                writer.Bullet($"{what}: {names}");
            }

            writer.EndList();
        }

        if (skips.Count > 0)
        {
            var table = new MarkdownTable("step", "skipped", "why, and how to enable it");
            foreach (var skip in skips)
            {
                table.Add(skip.Label("step"), skip.Label("what"), skip.Label("reason"));
            }

            writer.Paragraph($"Skipped here ({skips.Count}): a skip is not a failure; the rest of its step ran.");
            writer.Table(table);
        }
    }

    /// <summary>The engines, ISA tiers and builds that produced rows, per experiment.</summary>
    private static List<(string What, string Names)> Ran(ResultsDocument results)
    {
        var ran = new List<(string, string)>();
        var engines = results.Rows("table3").GroupBy(r => r.Text("engine") ?? "kernels")
            .Select(g => g.Key + (g.Key == "onnxruntime" ? "" : $" ({string.Join(", ", g.Select(r => r.Label("isa")).Distinct())})")).ToList();
        if (engines.Count > 0)
        {
            ran.Add(("Table 3 engines", string.Join("; ", engines)));
        }

        var builds = results.Rows("coldstart").Select(r => r.Label("build") + (r.Text("mode") == "container" ? " (container)" : "")).Distinct().ToList();
        if (builds.Count > 0)
        {
            ran.Add(("Cold-start builds", string.Join(", ", builds)));
        }

        return ran;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Toolkit.Bench.Report;

namespace Toolkit.Bench.Reporting;

/// <summary>
/// The default run: every step in turn into one new results folder, a header and timing per step, a summary table,
/// then report.md and its figures. Steps print their own tables with <see cref="Console"/>; only the lines between
/// steps use Spectre.Console, and never a live display, which would garble that output.
/// </summary>
public static class DefaultRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Execute(string resultsRoot, IReadOnlyList<RunStep> steps)
    {
        var started = DateTime.UtcNow;
        var folder = RunFolder.Create(resultsRoot, started);
        AnsiConsole.MarkupLine($"[bold]Serverless DNN inference: the paper's experiments[/] ({steps.Count} steps) into [blue]{Markup.Escape(folder.Directory)}[/]");
        var total = Stopwatch.StartNew();
        var results = new List<RunStepResult>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            AnsiConsole.WriteLine();
            AnsiConsole.Write(new Rule($"[bold yellow]{Markup.Escape($"[{i + 1}/{steps.Count}] {step.Name}")}[/]") { Justification = Justify.Left });
            var result = RunOne(step, folder.ResultsPath);
            results.Add(result);
            var color = result.Status == "ok" ? "green" : "red";
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape($"[{i + 1}/{steps.Count}] {step.Name}: {result.Status}")}[/] in {Seconds(result.Seconds)} " +
                                   $"(total {Seconds(total.Elapsed.TotalSeconds)})" + (result.Error is null ? "" : $": {Markup.Escape(result.Error)}"));
        }

        RecordRun(folder, started, results, total.Elapsed.TotalSeconds);
        AnsiConsole.WriteLine();
        AnsiConsole.Write(new Rule("[bold]report[/]") { Justification = Justify.Left });
        var report = ReportGenerator.Generate(folder.ResultsPath, folder.Directory);
        var latest = folder.UpdateLatest();
        PrintSummary(results, total.Elapsed.TotalSeconds, report, latest);
        return results.All(r => r.Status == "ok") ? 0 : 1;
    }

    private static RunStepResult RunOne(RunStep step, string resultsPath)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var exitCode = step.Run(resultsPath);
            return new RunStepResult(step.Name, exitCode == 0 ? "ok" : $"exit {exitCode.ToString(CultureInfo.InvariantCulture)}", clock.Elapsed.TotalSeconds, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One failed experiment must not cost the others or the report; the error is shown and recorded, not dropped.
            return new RunStepResult(step.Name, "failed", clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Adds a <c>run</c> block (start time, each step's status and duration) to the results file.</summary>
    private static void RecordRun(RunFolder folder, DateTime started, List<RunStepResult> results, double totalSeconds)
    {
        var root = File.Exists(folder.ResultsPath) && JsonNode.Parse(File.ReadAllText(folder.ResultsPath)) is JsonObject existing ? existing : [];
        root["machine"] ??= JsonSerializer.SerializeToNode(MachineInfo.Current(), Indented);
        var steps = new JsonArray();
        foreach (var r in results)
        {
            steps.Add(new JsonObject { ["name"] = r.Name, ["status"] = r.Status, ["seconds"] = Math.Round(r.Seconds, 1), ["error"] = r.Error });
        }

        root["run"] = new JsonObject
        {
            ["started_utc"] = started.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["folder"] = folder.Name,
            ["total_seconds"] = Math.Round(totalSeconds, 1),
            ["steps"] = steps,
        };
        File.WriteAllText(folder.ResultsPath, root.ToJsonString(Indented));
    }

    private static void PrintSummary(List<RunStepResult> results, double totalSeconds, ReportOutput report, string latest)
    {
        var table = new Table { Title = new TableTitle("Summary") };
        table.AddColumn("step");
        table.AddColumn("status");
        table.AddColumn(new TableColumn("duration") { Alignment = Justify.Right });
        foreach (var r in results)
        {
            var color = r.Status == "ok" ? "green" : "red";
            table.AddRow(Markup.Escape(r.Name), $"[{color}]{Markup.Escape(r.Status)}[/]", Seconds(r.Seconds));
        }

        table.AddRow("[bold]total[/]", "", $"[bold]{Seconds(totalSeconds)}[/]");
        AnsiConsole.Write(table);

        var findings = new Table { Title = new TableTitle("The paper's findings on this machine") };
        findings.AddColumn("verdict");
        findings.AddColumn("finding");
        foreach (var f in report.Findings)
        {
            var color = f.Verdict switch { Verdict.Confirmed => "green", Verdict.NotConfirmed => "red", _ => "grey" };
            findings.AddRow($"[{color}]{Markup.Escape(f.VerdictText)}[/]", Markup.Escape(f.Claim));
        }

        AnsiConsole.Write(findings);
        AnsiConsole.MarkupLine($"report: [blue]{Markup.Escape(report.MarkdownPath)}[/] with {report.FigurePaths.Count} figures" +
                               (report.SkippedSections.Count == 0 ? "" : $"; no data for {Markup.Escape(string.Join(", ", report.SkippedSections))}"));
        AnsiConsole.MarkupLine($"latest: {Markup.Escape(latest)}");
    }

    private static string Seconds(double seconds) =>
        seconds >= 60 ? $"{((int)(seconds / 60)).ToString(CultureInfo.InvariantCulture)} min {(seconds % 60).ToString("F0", CultureInfo.InvariantCulture)} s" : seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}

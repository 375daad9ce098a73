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
    /// <summary>The default run's promise: its timed steps (the build excluded) finish within 10 minutes on 2 cores.</summary>
    public const double BudgetSeconds = 600;

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
            var color = result.Status == RunStepResult.Ok ? "green" : "red";
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape($"[{i + 1}/{steps.Count}] {step.Name}: {result.Status}")}[/] in {Seconds(result.Seconds)} " +
                                   $"(total {Seconds(total.Elapsed.TotalSeconds)})" + (result.Error is null ? "" : $": {Markup.Escape(result.Error)}"));
        }

        RecordRun(folder, started, results, total.Elapsed.TotalSeconds);
        AnsiConsole.WriteLine();
        AnsiConsole.Write(new Rule("[bold]report[/]") { Justification = Justify.Left });
        var report = ReportGenerator.Generate(folder.ResultsPath, folder.Directory);
        var latest = folder.UpdateLatest();
        PrintSummary(results, total.Elapsed.TotalSeconds, report, latest);
        AnsiConsole.WriteLine(FinalLine(results, Skips(folder.ResultsPath)));
        // A skipped part (a tool or build this machine lacks) is reported, not failed: only a failed step fails the run.
        return results.All(r => r.Status == RunStepResult.Ok) ? 0 : 1;
    }

    /// <summary>
    /// The run's last line: the timed steps' total against <see cref="BudgetSeconds"/>, the build's time apart, then
    /// every failed step and every skipped part by name.
    /// </summary>
    public static string FinalLine(IReadOnlyList<RunStepResult> results, IReadOnlyList<Skip> skips)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(skips);
        var timed = results.Where(r => r.Timed).Sum(r => r.Seconds);
        var build = results.Where(r => !r.Timed).Sum(r => r.Seconds);
        var budget = timed <= BudgetSeconds
            ? $"within the {Seconds(BudgetSeconds)} budget"
            : $"OVER the {Seconds(BudgetSeconds)} budget by {Seconds(timed - BudgetSeconds)}";
        var failed = results.Where(r => r.Status != RunStepResult.Ok).Select(r => r.Name).ToList();
        return $"default run: experiments took {Seconds(timed)} on {Environment.ProcessorCount} cores, {budget}" +
               (build > 0 ? $" (build {Seconds(build)} excluded)" : "") +
               $"; failed: {(failed.Count == 0 ? "none" : string.Join(", ", failed))}" +
               $"; skipped: {(skips.Count == 0 ? "none" : string.Join("; ", skips.Select(s => $"{s.Step} {s.What}")))}";
    }

    /// <summary>The parts the steps recorded as skipped (<see cref="Skip.Section"/>).</summary>
    private static List<Skip> Skips(string resultsPath) =>
        File.Exists(resultsPath) && JsonNode.Parse(File.ReadAllText(resultsPath))?[Skip.Section] is JsonArray list
            ? [.. list.Select(s => s.Deserialize<Skip>()).OfType<Skip>()]
            : [];

    private static RunStepResult RunOne(RunStep step, string resultsPath)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var exitCode = step.Run(resultsPath);
            return exitCode == 0
                ? new RunStepResult(step.Name, RunStepResult.Ok, clock.Elapsed.TotalSeconds, null, step.Timed)
                : new RunStepResult(step.Name, RunStepResult.Failed, clock.Elapsed.TotalSeconds, $"exited with {exitCode.ToString(CultureInfo.InvariantCulture)}; its messages are above", step.Timed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One failed experiment must not cost the others or the report; the error is shown and recorded, not dropped.
            return new RunStepResult(step.Name, RunStepResult.Failed, clock.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message}", step.Timed);
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
            steps.Add(new JsonObject { ["name"] = r.Name, ["status"] = r.Status, ["seconds"] = Math.Round(r.Seconds, 1), ["timed"] = r.Timed, ["error"] = r.Error });
        }

        root["run"] = new JsonObject
        {
            ["started_utc"] = started.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["folder"] = folder.Name,
            ["total_seconds"] = Math.Round(totalSeconds, 1),
            ["timed_seconds"] = Math.Round(results.Where(r => r.Timed).Sum(r => r.Seconds), 1),
            ["budget_seconds"] = BudgetSeconds,
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
            var color = r.Status == RunStepResult.Ok ? "green" : "red";
            table.AddRow(Markup.Escape(r.Name), $"[{color}]{Markup.Escape(r.Status)}[/]", Seconds(r.Seconds));
        }

        table.AddRow("[bold]total[/]", "", $"[bold]{Seconds(totalSeconds)}[/]");
        AnsiConsole.Write(table);

        var findings = new Table { Title = new TableTitle("The paper's findings on this machine") };
        findings.AddColumn("verdict");
        findings.AddColumn("finding");
        foreach (var f in report.Findings)
        {
            var color = f.Verdict switch { Verdict.Confirmed => "green", Verdict.NotConfirmed => "red", Verdict.EnginesDisagree => "yellow", _ => "grey" };
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

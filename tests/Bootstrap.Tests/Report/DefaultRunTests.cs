using System.Text.Json.Nodes;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>The default run's folder per run, results/latest, and a report even when a step fails.</summary>
public class DefaultRunTests
{
    [Fact]
    public void Each_run_gets_its_own_folder_and_latest_follows_the_newest()
    {
        using var root = new TempDirectory();
        var started = new DateTime(2026, 11, 28, 5, 30, 12, DateTimeKind.Utc);

        var first = RunFolder.Create(root.Path, started);
        first.UpdateLatest();
        var second = RunFolder.Create(root.Path, started);
        second.UpdateLatest();

        Assert.Equal("2026-11-28T05-30-12Z", first.Name);
        Assert.Equal("2026-11-28T05-30-12Z-2", second.Name);
        Assert.True(Directory.Exists(first.Directory));
        var latest = new FileInfo(Path.Combine(root.Path, RunFolder.LatestName));
        Assert.Equal(second.Name, latest.LinkTarget);
        File.WriteAllText(second.ResultsPath, "{}");
        Assert.True(File.Exists(Path.Combine(root.Path, RunFolder.LatestName, RunFolder.ResultsFileName)));
    }

    [Fact]
    public void A_failed_step_is_recorded_and_the_others_still_reach_the_report()
    {
        using var root = new TempDirectory();
        var fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", "results.json")))!.AsObject();

        var exitCode = DefaultRun.Execute(root.Path,
        [
            new("table3", json => WriteSection(json, fixture, "table3")),
            new("broken", _ => throw new InvalidOperationException("no engine")),
            new("coldstart", json => WriteSection(json, fixture, "coldstart")),
        ]);

        Assert.Equal(1, exitCode);
        var latest = Path.Combine(root.Path, RunFolder.LatestName);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(latest, RunFolder.ResultsFileName)))!.AsObject();
        var steps = results["run"]!["steps"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["status"]!.GetValue<string>())).ToList();
        Assert.Equal([("table3", "ok"), ("broken", "failed"), ("coldstart", "ok")], steps);
        Assert.Contains("no engine", results["run"]!["steps"]![1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(results["machine"]);
        Assert.True(File.Exists(Path.Combine(latest, "report.md")));
        Assert.True(File.Exists(Path.Combine(latest, "table3.png")));
        Assert.True(File.Exists(Path.Combine(latest, "coldstart.png")));
        Assert.Contains("| broken | **failed** |", File.ReadAllText(Path.Combine(latest, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_skipped_part_is_listed_but_does_not_fail_the_run()
    {
        using var root = new TempDirectory();

        var exitCode = DefaultRun.Execute(root.Path,
        [
            new("publish", json => Skipping(json, new Skip("publish", "aot build", "no C compiler on PATH")), Timed: false),
            new("table2", _ => 0),
        ]);

        Assert.Equal(0, exitCode);
        var markdown = File.ReadAllText(Path.Combine(root.Path, RunFolder.LatestName, "report.md"));
        Assert.Contains("| publish | aot build | no C compiler on PATH |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_line_names_failed_and_skipped_steps_and_keeps_the_build_out_of_the_budget()
    {
        RunStepResult[] steps =
        [
            new("publish", RunStepResult.Ok, 700, null, Timed: false),
            new("table3", RunStepResult.Ok, 250, null),
            new("protocols", RunStepResult.Failed, 50, "port in use"),
        ];

        var line = DefaultRun.FinalLine(steps, [new Skip("coldstart", "aot build", "no compiler")]);
        var over = DefaultRun.FinalLine([new("coldstart", RunStepResult.Ok, 650, null)], []);

        Assert.Contains("experiments took 5 min 0 s", line, StringComparison.Ordinal);
        Assert.Contains("within the 10 min 0 s budget (build 11 min 40 s excluded)", line, StringComparison.Ordinal);
        Assert.EndsWith("; failed: protocols; skipped: coldstart aot build", line, StringComparison.Ordinal);
        Assert.Contains("OVER the 10 min 0 s budget by 50.0 s; failed: none; skipped: none", over, StringComparison.Ordinal);
    }

    private static int Skipping(string path, Skip skip)
    {
        ResultsFile.WriteSkips(path, skip.Step, [skip]);
        return 0;
    }

    private static int WriteSection(string path, JsonObject fixture, string section)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        root[section] = fixture[section]!.DeepClone();
        File.WriteAllText(path, root.ToJsonString());
        return 0;
    }
}

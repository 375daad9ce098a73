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
    }

    private static int WriteSection(string path, JsonObject fixture, string section)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        root[section] = fixture[section]!.DeepClone();
        File.WriteAllText(path, root.ToJsonString());
        return 0;
    }
}

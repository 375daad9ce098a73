using System.Text.Json.Nodes;
using Toolkit.Bench.Commands;
using Toolkit.Bench.Report;
using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>A faas sweep whose CPU quota cannot be enforced is recorded as a skip with its enabling command, not failed, and the report says why.</summary>
public class FaasSkipTests
{
    [Fact]
    public async Task A_model_without_an_enforceable_quota_is_a_skip_and_the_others_still_run()
    {
        using var output = new TempDirectory();
        var json = Path.Combine(output.Path, "results.json");
        ModelSweep[] sweeps =
        [
            new("mobilenet_v1", _ => Task.FromResult<List<ScalingRow>>([new(ScalingRow.Faas, "mobilenet_v1", "1769MB", ScalingRow.Measured, new MedianP95(12, 18), 0.47, Vcpus: 1, QuotaCores: 1)])),
            new("bert", _ => throw new CpuLimitUnavailableException("cgroup v1 at /sys/fs/cgroup: the cpu controller is not writable.")),
        ];

        var exitCode = await ScalingSweep.RunAsync(FaasPlan.Step, ScalingRow.Faas, sweeps, json, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var root = JsonNode.Parse(File.ReadAllText(json))!;
        var skip = Assert.Single(root["skipped"]!.AsArray())!;
        Assert.Equal("scaling faas", skip["step"]!.GetValue<string>());
        Assert.Equal("bert", skip["what"]!.GetValue<string>());
        var reason = skip["reason"]!.GetValue<string>();
        Assert.StartsWith("cgroup v1 at /sys/fs/cgroup: the cpu controller is not writable.", reason, StringComparison.Ordinal);
        Assert.Contains("sudo -E dotnet run -c Release --project src/Bench -- scaling faas --models bert", reason, StringComparison.Ordinal);
        Assert.Contains(CpuLimitGroup.QuotaVariable, reason, StringComparison.Ordinal);
        Assert.Equal("mobilenet_v1", Assert.Single(ScalingRows.Read(json)).Model);

        // The report's Figure 4 shows the rows that ran and names bert; This run says why.
        var markdown = File.ReadAllText(ReportGenerator.Generate(json, output.Path).MarkdownPath);
        Assert.Contains("Skipped on this machine: bert (why, and how to enable it: This run).", markdown, StringComparison.Ordinal);
        Assert.Contains("| scaling faas | bert | cgroup v1 at /sys/fs/cgroup", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_run_that_succeeds_replaces_the_skip()
    {
        using var output = new TempDirectory();
        var json = Path.Combine(output.Path, "results.json");
        await ScalingSweep.RunAsync(FaasPlan.Step, ScalingRow.Faas, [new("bert", _ => throw new CpuLimitUnavailableException("no quota here."))], json, CancellationToken.None);

        await ScalingSweep.RunAsync(FaasPlan.Step, ScalingRow.Faas, [new("bert", _ => Task.FromResult<List<ScalingRow>>([]))], json, CancellationToken.None);

        Assert.Empty(JsonNode.Parse(File.ReadAllText(json))!["skipped"]!.AsArray());
    }

    [Fact]
    public void With_every_model_skipped_the_section_is_a_note_naming_it()
    {
        using var output = new TempDirectory();
        const string json = """
            { "skipped": [ { "step": "scaling faas", "what": "mobilenet_v1", "reason": "no quota here. To enable it: `sudo -E dotnet run …`" } ] }
            """;

        var report = ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path);

        Assert.Contains("scaling_faas", report.SkippedSections);
        var markdown = File.ReadAllText(report.MarkdownPath);
        Assert.Contains("_Not in this results file: no `scaling` rows of platform `faas`", markdown, StringComparison.Ordinal);
        Assert.Contains("Skipped on this machine: mobilenet_v1 (why, and how to enable it: This run).", markdown, StringComparison.Ordinal);
        Assert.Contains("no quota here. To enable it: `sudo -E dotnet run …`", markdown, StringComparison.Ordinal);
    }
}

using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>Figures 4 and 5 in report.md from recorded <c>scaling</c> rows: sections, PNGs, capped sizes, measured apart from simulated.</summary>
public class ScalingReportTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", "results.json");

    [Fact]
    public void A_recorded_file_gives_figure_4_and_figure_5_with_their_pngs()
    {
        using var output = new TempDirectory();

        var report = ReportGenerator.Generate(Fixture, output.Path);
        var markdown = File.ReadAllText(report.MarkdownPath);

        Assert.Contains("scaling_faas", report.RenderedSections);
        Assert.Contains("scaling_containers", report.RenderedSections);
        Assert.Contains("## Figure 4: latency and cost against Lambda memory", markdown, StringComparison.Ordinal);
        Assert.Contains("## Figure 5: instances × concurrency × cores", markdown, StringComparison.Ordinal);
        foreach (var name in new[] { "scaling_faas.png", "scaling_containers_mobilenet_v1.png" })
        {
            var path = Assert.Single(report.FigurePaths, p => Path.GetFileName(p) == name);
            Assert.True(new FileInfo(path).Length > 10_000, $"{name} is only {new FileInfo(path).Length} bytes");
            Assert.Contains($"]({name})", markdown, StringComparison.Ordinal);
        }

        // Figure 4: both models, the size capped at this machine's 2 cores marked, the paper's words beside ours.
        Assert.Contains("| bert | 10240 MB (capped) | 5.79 | 2.00 | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| mobilenet_v1 | 2048 MB | 1.16 | 1.16 | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("mobilenet_v1: paper (Figure 4): a minor gain from more memory", markdown, StringComparison.Ordinal);
        Assert.Contains("bert: paper (Figure 4): a noticeable gain", markdown, StringComparison.Ordinal);
        Assert.Equal(Verdict.Confirmed, Assert.Single(report.Findings, f => f.Key == MemorySweepFinding.Key).Verdict);
    }

    [Fact]
    public void Measured_and_simulated_rows_are_in_separate_tables()
    {
        using var output = new TempDirectory();

        var markdown = File.ReadAllText(ReportGenerator.Generate(Fixture, output.Path).MarkdownPath);
        var figure5 = markdown[markdown.IndexOf("## Figure 5", StringComparison.Ordinal)..markdown.IndexOf("## Figure 6", StringComparison.Ordinal)];
        var simulatedAt = figure5.IndexOf("**Simulated**", StringComparison.Ordinal);
        var measured = figure5[figure5.IndexOf("**Measured on this machine**", StringComparison.Ordinal)..simulatedAt];
        var simulated = figure5[simulatedAt..];

        // 2_1_1 ran for real and was simulated too (with its prediction error); 24_2_2 needs 48 cores, so it is simulated only.
        Assert.Contains("| mobilenet_v1 | 2_1_1 | 2 | 1 | 1 | 48 | 180 (359) |", measured, StringComparison.Ordinal);
        Assert.DoesNotContain("24_2_2 |", measured, StringComparison.Ordinal);
        Assert.Contains("| mobilenet_v1 | 2_1_1 | 2 | 1 | 1 | 48 | 178 (337) | -1%, -6% |", simulated, StringComparison.Ordinal);
        Assert.Contains("| mobilenet_v1 | 24_2_2 | 24 | 2 | 2 | 48 |", simulated, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_with_missing_fields_do_not_break_either_section()
    {
        using var output = new TempDirectory();
        const string json = """
            { "scaling": [
                { "platform": "faas", "model": "bert", "config": "2048MB" },
                { "platform": "faas", "model": "bert", "config": "3538MB", "latency_ms": { "median": "x" }, "vcpus": 2 },
                { "platform": "faas", "config": "1769MB", "latency_ms": 5 },
                { "platform": "containers", "model": "bert", "config": "two", "latency_ms": 900 },
                { "platform": "containers", "config": "2_1_1", "source": "measured", "latency_ms": { "median": 10, "p95": null } },
                "not a row" ] }
            """;

        var report = ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path);
        var markdown = File.ReadAllText(report.MarkdownPath);

        Assert.Contains("scaling_faas", report.RenderedSections);
        Assert.Contains("scaling_containers", report.RenderedSections);
        Assert.Contains("| bert | 2048 MB |", markdown, StringComparison.Ordinal);
        Assert.Contains("| bert | two | ? | ? | ? |", markdown, StringComparison.Ordinal);
        Assert.Equal(Verdict.NotMeasured, Assert.Single(report.Findings, f => f.Key == MemorySweepFinding.Key).Verdict);
    }
}

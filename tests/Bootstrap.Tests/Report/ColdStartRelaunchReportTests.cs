using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>The ISA relaunch comparison in report.md's Figure 6 section: rendered where aot has its variants beside it, absent where not.</summary>
public class ColdStartRelaunchReportTests
{
    private static string Row(string build, string isa, double runtimeInitMs, double endToEndMs, string host = "lambda") => $$"""
        { "host": "{{host}}", "build": "{{build}}", "engine": "kernels", "model": "mobilenet_v1", "isa": "{{isa}}", "page_cache": "warm", "runs": 5,
          "runtime_init_ms": { "median": {{runtimeInitMs}}, "p95": {{runtimeInitMs + 1}} }, "model_load_ms": { "median": 3, "p95": 4 },
          "first_inference_ms": { "median": 15, "p95": 16 }, "end_to_end_ms": { "median": {{endToEndMs}}, "p95": {{endToEndMs + 2}} } }
        """;

    [Fact]
    public void The_three_starts_get_a_table_and_a_verdict()
    {
        using var output = new TempDirectory();
        var json = $$"""{ "coldstart": [ {{Row("aot", "avx512", 10.5, 33.5)}}, {{Row("aot-v3", "avx2", 8, 31)}}, {{Row("aot-v4", "avx512", 6.5, 30)}}, {{Row("jit", "avx512", 150, 300)}} ] }""";

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.Contains("| host | engine | model | page cache | start | build | isa | runtime init (ms, p95) | end to end (ms, p95) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| lambda | kernels | mobilenet_v1 | warm | v3 only | aot-v3 | avx2 | 8.00 (9.00) | 31.0 (33.0) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| lambda | kernels | mobilenet_v1 | warm | v4 direct | aot-v4 | avx512 | 6.50 (7.50) | 30.0 (32.0) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| lambda | kernels | mobilenet_v1 | warm | v3 → v4 | aot | avx512 | 10.5 (11.5) | 33.5 (35.5) |", markdown, StringComparison.Ordinal);
        Assert.Contains("- Relaunch, lambda kernels mobilenet_v1 warm: a direct v4 start is faster than v3 → v4 by 3.5 ms end to end", markdown, StringComparison.Ordinal);
        // The variants have no column among the builds side by side, which still compare JIT with AOT.
        Assert.Contains("| model | host | page cache | AOT (ms, p95) | JIT (ms, p95) | JIT ÷ AOT |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_direct_v4_start_the_verdict_says_it_was_not_measured()
    {
        using var output = new TempDirectory();
        var json = $$"""{ "coldstart": [ {{Row("aot", "avx2", 8, 31)}}, {{Row("aot-v3", "avx2", 8, 31.5)}} ] }""";

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.Contains("| lambda | kernels | mobilenet_v1 | warm | v4 direct | – | – | not run | not run |", markdown, StringComparison.Ordinal);
        Assert.Contains("warm: not measured: no v4-direct (aot-v4) start", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("AOT (ms, p95)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_of_aot_alone_get_no_comparison()
    {
        using var output = new TempDirectory();
        var json = $$"""{ "coldstart": [ {{Row("aot", "avx512", 10.5, 33.5)}}, {{Row("aot-v4", "avx512", 6.5, 30, host: "cloudrun")}} ] }""";

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.DoesNotContain("The ISA relaunch", markdown, StringComparison.Ordinal);
    }
}

using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>The sub-phases of <c>coldstart</c> rows in report.md: a table of them where rows have them, none where none do.</summary>
public class ColdStartSubPhasesReportTests
{
    private const string Phases = """
        "runtime_init_ms": { "median": 12, "p95": 14 }, "model_load_ms": { "median": 9, "p95": 10 }, "first_inference_ms": { "median": 30, "p95": 31 }, "end_to_end_ms": { "median": 55, "p95": 60 }
        """;

    [Fact]
    public void Rows_with_sub_phases_get_a_table_of_them_and_a_stage_that_never_ran_shows_a_dash()
    {
        using var output = new TempDirectory();
        var json = $$"""
            { "coldstart": [
                { "host": "lambda", "build": "aot", "engine": "kernels", "model": "bert", "isa": "avx512", "page_cache": "warm", "runs": 5, {{Phases}},
                  "subphases_ms": { "runtime_exec": { "median": 4.5, "p95": 5 }, "runtime_host": { "median": 7.5, "p95": 9 }, "model_map": { "median": 6.25, "p95": 7 }, "model_plan": { "median": 2.75, "p95": 3 } } },
                { "host": "lambda", "build": "aot", "engine": "onnxruntime", "model": "bert", "isa": "avx512", "page_cache": "warm", "runs": 5, {{Phases}},
                  "subphases_ms": { "runtime_exec": { "median": 4.5, "p95": 5 }, "runtime_host": { "median": 7.5, "p95": 9 } } } ] }
            """;

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.Contains("| exec → main (ms) | main → ready (ms) | map (ms) | plan (ms) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| lambda | aot | kernels | bert | warm | 4.50 | 7.50 | 6.25 | 2.75 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| lambda | aot | onnxruntime | bert | warm | 4.50 | 7.50 | – | – |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_recorded_before_sub_phases_existed_get_no_table()
    {
        using var output = new TempDirectory();
        var json = $$"""{ "coldstart": [ { "host": "lambda", "build": "aot", "engine": "kernels", "model": "bert", "isa": "avx512", "page_cache": "warm", "runs": 5, {{Phases}} } ] }""";

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.DoesNotContain("exec → main", markdown, StringComparison.Ordinal);
    }
}

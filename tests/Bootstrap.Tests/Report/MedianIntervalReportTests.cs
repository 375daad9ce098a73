using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>
/// The medians' 95% intervals (<c>median_ci95</c>, written by <c>--full</c> runs) in report.md: shown in brackets where a
/// row carries one, with one sentence saying what the bracket is, and the report unchanged where none does.
/// </summary>
public class MedianIntervalReportTests
{
    private static readonly string Plain = Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", "results.json");

    // The same recorded run with intervals added to a few medians of the coldstart, protocols and table3 rows.
    private static readonly string WithIntervals = Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", "results_ci95.json");

    [Fact]
    public void Coldstart_medians_show_their_interval()
    {
        var markdown = Generate(WithIntervals);

        // lambda aot kernels mobilenet_v1 warm: model load 10.3 [9.80–11.0], end to end 76.5 [70.1–80.2] (p95 190).
        Assert.Contains("| 10.3 [9.80–11.0] |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 76.5 [70.1–80.2] (190) |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocol_medians_show_their_interval()
    {
        var markdown = Generate(WithIntervals);

        Assert.Contains("| 612 [598–640] (734) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 150 [148–153] |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Table3_medians_show_their_interval()
    {
        var markdown = Generate(WithIntervals);

        Assert.Contains("| 21.7 [21.5–22.1] (26.4) |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void One_sentence_per_table_says_what_the_bracket_is()
    {
        var markdown = Generate(WithIntervals);

        // Under the coldstart, protocols and table3 tables, each of which has a row with an interval.
        Assert.Equal(3, Occurrences(markdown, "distribution-free 95% confidence interval"));
    }

    [Fact]
    public void Without_intervals_the_report_is_unchanged()
    {
        var markdown = Generate(Plain);

        Assert.DoesNotContain("confidence interval", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("–22.1]", markdown, StringComparison.Ordinal);
        Assert.Contains("| 76.5 (190) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 612 (734) |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_interval_reads_as_absent()
    {
        using var output = new TempDirectory();
        const string json = """
            { "coldstart": [
                { "host": "lambda", "end_to_end_ms": { "median": 50, "p95": 60, "median_ci95": [40] } },
                { "host": "cloudrun", "end_to_end_ms": { "median": 70, "p95": 80, "median_ci95": ["a", 75] } } ] }
            """;

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.Contains("| 50.0 (60.0) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 70.0 (80.0) |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("confidence interval", markdown, StringComparison.Ordinal);
    }

    private static string Generate(string resultsPath)
    {
        using var output = new TempDirectory();
        return File.ReadAllText(ReportGenerator.Generate(resultsPath, output.Path).MarkdownPath);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

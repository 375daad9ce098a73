using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>Container rows of <c>coldstart --container</c> in report.md: marked, with a container-init column and a ratio to the process.</summary>
public class ContainerRowsReportTests
{
    [Fact]
    public void A_container_row_shows_its_container_init_beside_the_process_row()
    {
        using var output = new TempDirectory();
        const string json = """
            { "coldstart": [
                { "host": "cloudrun", "build": "aot", "engine": "kernels", "model": "mobilenet_v1", "isa": "avx512", "page_cache": "warm", "runs": 5, "mode": "process",
                  "runtime_init_ms": { "median": 25, "p95": 30 }, "model_load_ms": { "median": 1.4, "p95": 2 }, "first_inference_ms": { "median": 30, "p95": 31 }, "end_to_end_ms": { "median": 64, "p95": 150 } },
                { "host": "cloudrun", "build": "aot", "engine": "kernels", "model": "mobilenet_v1", "isa": "avx512", "page_cache": "warm", "runs": 5, "mode": "container",
                  "container_init_ms": { "median": 180, "p95": 250 },
                  "runtime_init_ms": { "median": 22, "p95": 30 }, "model_load_ms": { "median": 0.7, "p95": 2 }, "first_inference_ms": { "median": 29, "p95": 31 }, "end_to_end_ms": { "median": 256, "p95": 500 } } ] }
            """;

        var report = ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path);
        var markdown = File.ReadAllText(report.MarkdownPath);

        Assert.Contains("| container init (ms) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| cloudrun (container) | aot |", markdown, StringComparison.Ordinal);
        Assert.Contains("| cloudrun | aot |", markdown, StringComparison.Ordinal);
        Assert.Contains("Container ÷ process end to end, cloudrun AOT kernels mobilenet_v1: 4.00× (256 ms vs 64.0 ms; container init 180 ms)", markdown, StringComparison.Ordinal);
        // No AOT ÷ AOT "build ratio" between the container and the process row.
        Assert.DoesNotContain("AOT ÷ AOT", markdown, StringComparison.Ordinal);
        Assert.Contains("coldstart.png", report.FigurePaths.Select(Path.GetFileName));
        // The targets are the process's: the 60 ms AOT target reads the process row, not the container's 256 ms.
        Assert.Contains("| 64.0 ms (slowest: cloudrun) |", markdown, StringComparison.Ordinal);
        // Without a heavy-stack row the cold-start verdict compares nothing.
        Assert.Contains("Not comparable", markdown, StringComparison.Ordinal);
    }
}

using Toolkit.Bench.Commands;
using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>report.md and its figures from a recorded results file, and what a partial or malformed file gives.</summary>
public class ReportGeneratorTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", "results.json");

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void A_recorded_file_gives_every_section_and_figure()
    {
        using var output = new TempDirectory();

        var report = ReportGenerator.Generate(Fixture, output.Path);

        Assert.Equal(["machine", "run", "findings", "models", "table2", "kernels", "table3", "protocols", "scaling_faas", "scaling_containers", "coldstart", "targets"], report.RenderedSections);
        Assert.Empty(report.SkippedSections);
        Assert.Equal(["kernels.png", "table3_speedup.png", "table3.png", "protocols.png", "scaling_faas.png", "scaling_containers_mobilenet_v1.png", "coldstart.png"], report.FigurePaths.Select(Path.GetFileName));
        foreach (var figure in report.FigurePaths)
        {
            var bytes = File.ReadAllBytes(figure);
            Assert.True(bytes.Length > 10_000, $"{figure} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes[..8]);
        }

        var markdown = File.ReadAllText(report.MarkdownPath);
        Assert.Contains("Intel(R) Xeon(R) Processor @ 2.50GHz", markdown, StringComparison.Ordinal);
        foreach (var figure in report.FigurePaths)
        {
            Assert.Contains($"]({Path.GetFileName(figure)})", markdown, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Not in this results file", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_numbers_stand_beside_the_papers()
    {
        using var output = new TempDirectory();

        var markdown = File.ReadAllText(ReportGenerator.Generate(Fixture, output.Path).MarkdownPath);

        // Table 2: the paper's REST column for the YOLOv5 input (24.547 MB) beside our paper-style JSON (24.3 MiB).
        Assert.Contains("| yolo_v5 | input | fp32 | 4.69 | 24.5 |", markdown, StringComparison.Ordinal);
        // Table 3: our MobileNetV1 AVX-512 speed-up beside the paper's TF-Serving (0.037 / 0.030) and Python (0.082 / 0.085).
        Assert.Contains("| 1.62× | 19.8 | 18.9 | 1.05× | 1.23× | 0.96× |", markdown, StringComparison.Ordinal);
        // Figure 3: the REST/JSON gap, and Figure 6: the paper's 10 s.
        Assert.Contains("REST `tfserving_json` is 444 ms slower than gRPC `tfserving_grpc` (3.64×)", markdown, StringComparison.Ordinal);
        Assert.Contains("exceed 10.0 s; the slowest median here is 1510 ms", markdown, StringComparison.Ordinal);
        Assert.Contains("transport-only", markdown, StringComparison.Ordinal);
        // Table 3: libtorch's BERT speed-up (640 ÷ 452) beside ours (520 ÷ 505) and the paper's.
        Assert.Contains("| bert | 1 | 520 | 505 | 1.03× | 640 | 452 | 1.42× |", markdown, StringComparison.Ordinal);
        // Figure 6: AOT, JIT and Python side by side on the same host, with Python ÷ AOT.
        Assert.Contains("| mobilenet_v1 | lambda | warm | 76.5 (190) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 1510 (1590) |", markdown, StringComparison.Ordinal);
        Assert.Contains("19.7×", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_run_section_lists_steps_engines_and_skipped_parts()
    {
        using var output = new TempDirectory();

        var markdown = File.ReadAllText(ReportGenerator.Generate(Fixture, output.Path).MarkdownPath);

        Assert.Contains("| scaling containers | **failed** | 3.1 s | IOException: address already in use 127.0.0.1:8080 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| publish | ok | 95.0 s (build, untimed) |", markdown, StringComparison.Ordinal);
        Assert.Contains("its experiments took 305 s of the 600 s budget (within it)", markdown, StringComparison.Ordinal);
        Assert.Contains("Table 3 engines: onnxruntime; kernels (scalar, avx2, avx512); torchsharp (avx2, avx512)", markdown, StringComparison.Ordinal);
        Assert.Contains("Cold-start builds: aot, jit, python", markdown, StringComparison.Ordinal);
        Assert.Contains("| table3 | torchsharp mobilenet_v1 ×2 threads | oneDNN divides by the cache size", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_gives_notes_instead_of_sections()
    {
        using var output = new TempDirectory();

        var report = ReportGenerator.Generate(ResultsDocument.Parse("{}"), output.Path);

        Assert.Equal(["findings", "targets"], report.RenderedSections);
        Assert.Equal(["machine", "run", "models", "table2", "kernels", "table3", "protocols", "scaling_faas", "scaling_containers", "coldstart"], report.SkippedSections);
        Assert.Empty(report.FigurePaths);
        Assert.All(report.Findings, f => Assert.Equal(Verdict.NotMeasured, f.Verdict));
        Assert.Contains("_Not in this results file: no `protocols` section", File.ReadAllText(report.MarkdownPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_missing()
    {
        using var output = new TempDirectory();
        const string json = """
            {
              "machine": 5,
              "table3": { "not": "an array" },
              "kernels": [1, "x", { "shape": null, "gflops": "fast" }],
              "table2": [{ "model": 7, "bytes": [], "fits_lambda": "no" }],
              "json_codec": [{ "payload": "p", "codec": "toolkit" }],
              "coldstart": [{ "end_to_end_ms": "slow" }, { "host": "lambda", "end_to_end_ms": 120.5 }],
              "protocols": [{ "end_to_end_ms": { "median": null } }, { "model": "yolo_v5", "transport": "grpc", "end_to_end_ms": { "median": 20 } }]
            }
            """;

        var report = ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path);

        Assert.Contains("coldstart", report.RenderedSections);
        Assert.Contains("protocols", report.RenderedSections);
        Assert.Contains("machine", report.SkippedSections);
        Assert.Contains("table3", report.SkippedSections);
        Assert.Contains("kernels", report.SkippedSections);
        Assert.True(File.Exists(report.MarkdownPath));
    }

    [Fact]
    public void Older_json_codec_rows_one_per_codec_still_give_the_speed_up()
    {
        using var output = new TempDirectory();
        const string json = """
            { "json_codec": [
                { "payload": "yolo_v5.input", "codec": "system_text_json", "values": 1228800, "encode_ns_per_value": 160, "decode_ns_per_value": 120 },
                { "payload": "yolo_v5.input", "codec": "toolkit", "values": 1228800, "encode_ns_per_value": 32, "decode_ns_per_value": 24 } ] }
            """;

        var markdown = File.ReadAllText(ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path).MarkdownPath);

        Assert.Contains("| yolo_v5.input | 1,228,800 | 32.0 | 160 | 5.00× | 24.0 | 120 | 5.00× |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_a_json_object_is_a_typed_error_naming_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => ResultsDocument.Parse("[1, 2]", "r.json"));

        Assert.Contains("r.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_command_regenerates_from_a_file_and_fails_cleanly_on_a_missing_one()
    {
        using var output = new TempDirectory();

        Assert.Equal(0, ReportCommand.Run(Fixture, output.Path));
        Assert.True(File.Exists(Path.Combine(output.Path, "report.md")));
        Assert.True(File.Exists(Path.Combine(output.Path, "coldstart.png")));
        Assert.Equal(1, ReportCommand.Run(Path.Combine(output.Path, "missing.json"), output.Path));
    }
}

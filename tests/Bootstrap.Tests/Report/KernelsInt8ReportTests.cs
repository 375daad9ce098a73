using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>The int8 rows of <c>kernels</c> in report.md: a table of their own, each shape's speed-up over our best SGEMM tier.</summary>
public class KernelsInt8ReportTests
{
    [Fact]
    public void Int8_rows_get_their_own_table_with_the_speed_up_over_sgemm()
    {
        using var output = new TempDirectory();
        const string json = """
            { "kernels": [
                { "kernel": "sgemm", "shape": "1024x1024x1024", "isa": "avx2", "threads": 1, "gflops": 120, "peak_gflops": 136, "efficiency": 0.88 },
                { "kernel": "sgemm", "shape": "1024x1024x1024", "isa": "avx512", "threads": 1, "gflops": 240, "peak_gflops": 272, "efficiency": 0.88 },
                { "kernel": "sgemm", "shape": "1024x1024x1024", "isa": "onnxruntime", "threads": 1, "gflops": 250, "peak_gflops": null, "efficiency": null },
                { "kernel": "int8gemm", "shape": "1024x1024x1024", "isa": "avx-vnni", "threads": 1, "gflops": 480, "peak_gflops": 540, "efficiency": 0.89 },
                { "kernel": "int8gemm", "shape": "1024x1024x1024", "isa": "avx512-vnni", "threads": 1, "gflops": 960, "peak_gflops": 1040, "efficiency": 0.92 } ] }
            """;

        var report = ReportGenerator.Generate(ResultsDocument.Parse(json), output.Path);
        var markdown = File.ReadAllText(report.MarkdownPath);

        Assert.Contains("| shape (M×N×K) | threads | avx2 (of peak) | avx512 (of peak) | ONNX Runtime | best ours ÷ ONNX Runtime |", markdown, StringComparison.Ordinal);
        Assert.Contains("| shape (M×N×K) | threads | avx-vnni (of peak) | avx512-vnni (of peak) | best int8 ÷ best SGEMM |", markdown, StringComparison.Ordinal);
        // 960 ÷ 240: the int8 table compares with our best SGEMM tier, not with ONNX Runtime's 250.
        Assert.Matches(@"\| 1024x1024x1024 \| 1 \| 480 \(89\s?%\) \| 960 \(92\s?%\) \| 4\.00× \|", markdown);
        Assert.True(File.Exists(Path.Combine(output.Path, "kernels-int8gemm.png")));
    }
}

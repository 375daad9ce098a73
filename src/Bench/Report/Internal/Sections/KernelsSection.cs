using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>SGEMM throughput per ISA tier and shape, against each tier's measured FMA peak and ONNX Runtime.</summary>
internal static class KernelsSection
{
    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("kernels").Where(r => r.Number("gflops") is not null).ToList();
        if (rows.Count == 0)
        {
            writer.SkippedSection("kernels", "Kernels: GEMM throughput per ISA tier", "no `kernels` section (run `kernels --json PATH`).");
            return;
        }

        writer.Section("kernels", "Kernels: GEMM throughput per ISA tier");
        var tiers = rows.Select(r => r.Label("isa")).Distinct().ToList();
        var ours = tiers.Where(t => t != "onnxruntime").ToList();
        var groups = rows.GroupBy(r => (Kernel: r.Label("kernel"), Shape: r.Label("shape"), Threads: r.Number("threads") ?? 1)).ToList();
        var single = groups.Select(g => (g.Key.Kernel, g.Key.Threads)).Distinct().Count() == 1;

        var headers = new List<string> { "kernel", "shape (M×N×K)", "threads" };
        headers.AddRange(tiers.Select(t => t == "onnxruntime" ? "ONNX Runtime" : t + " (of peak)"));
        headers.Add("best ours ÷ ONNX Runtime");
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(2, headers.Count - 2));
        foreach (var group in groups)
        {
            var cells = new List<string> { group.Key.Kernel, group.Key.Shape, Numbers.Int(group.Key.Threads) };
            foreach (var tier in tiers)
            {
                var row = group.FirstOrDefault(r => r.Text("isa") == tier);
                var efficiency = row?.Number("efficiency");
                cells.Add(row is null ? "–" : Numbers.Sig(row.Number("gflops")) + (efficiency is null ? "" : $" ({Numbers.Percent(efficiency)})"));
            }

            var best = group.Where(r => r.Text("isa") != "onnxruntime").Max(r => r.Number("gflops"));
            var ort = group.FirstOrDefault(r => r.Text("isa") == "onnxruntime")?.Number("gflops");
            cells.Add(Numbers.Times(best / ort));
            table.Add([.. cells]);
        }

        writer.Paragraph("GFLOP/s (higher is better); the percentage is the share of that tier's FMA peak measured on this machine in the same run.");
        writer.Table(table);

        var categories = groups.Select(g => single ? g.Key.Shape : $"{g.Key.Kernel} {g.Key.Shape} ×{g.Key.Threads}").ToList();
        var series = tiers.Select(t => new BarSeries(t == "onnxruntime" ? "ONNX Runtime (MLAS)" : t, [.. groups.Select(g => g.FirstOrDefault(r => r.Text("isa") == t)?.Number("gflops"))])).ToList();
        writer.Figure("kernels.png", $"SGEMM throughput per ISA tier ({string.Join(", ", ours)}) and ONNX Runtime, per GEMM shape",
            path => Charts.Grouped(path, "SGEMM throughput per ISA tier", "GEMM shape (M×N×K)", "throughput (GFLOP/s)", categories, series));
    }
}

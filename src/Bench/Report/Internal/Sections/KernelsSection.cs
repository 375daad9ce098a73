using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// GEMM throughput per tier and shape, against each tier's measured peak: SGEMM per ISA tier beside ONNX Runtime, and
/// int8 GEMM per int8 tier with its speed-up over our widest SGEMM tier on the same shape. One table and figure per kernel.
/// </summary>
internal static class KernelsSection
{
    private const string Int8 = "int8gemm";

    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("kernels").Where(r => r.Number("gflops") is not null).ToList();
        if (rows.Count == 0)
        {
            writer.SkippedSection("kernels", "Kernels: GEMM throughput per ISA tier", "no `kernels` section (run `kernels --json PATH`).");
            return;
        }

        writer.Section("kernels", "Kernels: GEMM throughput per ISA tier");
        foreach (var kernel in rows.GroupBy(r => r.Label("kernel")))
        {
            WriteKernel(writer, kernel.Key, [.. kernel], rows);
        }
    }

    private static void WriteKernel(ReportWriter writer, string kernel, List<JsonObject> rows, List<JsonObject> all)
    {
        var int8 = kernel == Int8;
        var tiers = rows.Select(r => r.Label("isa")).Distinct().ToList();
        var groups = rows.GroupBy(r => (Shape: r.Label("shape"), Threads: r.Number("threads") ?? 1)).ToList();
        var single = groups.Select(g => g.Key.Threads).Distinct().Count() == 1;

        var headers = new List<string> { "shape (M×N×K)", "threads" };
        headers.AddRange(tiers.Select(t => t == "onnxruntime" ? "ONNX Runtime" : t + " (of peak)"));
        headers.Add(int8 ? "best int8 ÷ best SGEMM" : "best ours ÷ ONNX Runtime");
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(1, headers.Count - 1));
        foreach (var group in groups)
        {
            var cells = new List<string> { group.Key.Shape, Numbers.Int(group.Key.Threads) };
            foreach (var tier in tiers)
            {
                var row = group.FirstOrDefault(r => r.Text("isa") == tier);
                var efficiency = row?.Number("efficiency");
                cells.Add(row is null ? "–" : Numbers.Sig(row.Number("gflops")) + (efficiency is null ? "" : $" ({Numbers.Percent(efficiency)})"));
            }

            var best = group.Where(r => r.Text("isa") != "onnxruntime").Max(r => r.Number("gflops"));
            var reference = int8
                ? all.Where(r => r.Text("kernel") == "sgemm" && r.Text("isa") != "onnxruntime" && r.Text("shape") == group.Key.Shape && (r.Number("threads") ?? 1) == group.Key.Threads).Max(r => r.Number("gflops"))
                : group.FirstOrDefault(r => r.Text("isa") == "onnxruntime")?.Number("gflops");
            cells.Add(Numbers.Times(best / reference));
            table.Add([.. cells]);
        }

        var name = int8 ? "int8 GEMM (u8 × s8 → s32, requantized to u8)" : kernel == "sgemm" ? "SGEMM" : kernel;
        writer.Paragraph(int8
            ? $"{name}: GOP/s, two operations per multiply-add as GFLOP/s counts an FMA (higher is better); the percentage is the share of that tier's dot-product peak (`vpdpbusd`, or `vpmaddubsw` + `vpmaddwd`) measured on this machine in the same run. The `vpmaddubsw` tiers (avx2, avx512bw) take 7-bit weights."
            : $"{name}: GFLOP/s (higher is better); the percentage is the share of that tier's FMA peak measured on this machine in the same run.");
        writer.Table(table);

        var categories = groups.Select(g => single ? g.Key.Shape : $"{g.Key.Shape} ×{g.Key.Threads}").ToList();
        var series = tiers.Select(t => new BarSeries(t == "onnxruntime" ? "ONNX Runtime (MLAS)" : t, [.. groups.Select(g => g.FirstOrDefault(r => r.Text("isa") == t)?.Number("gflops"))])).ToList();
        var ours = tiers.Where(t => t != "onnxruntime").ToList();
        var unit = int8 ? "throughput (GOP/s)" : "throughput (GFLOP/s)";
        var file = kernel == "sgemm" ? "kernels.png" : $"kernels-{kernel}.png";
        writer.Figure(file, $"{name} throughput per tier ({string.Join(", ", ours)}){(int8 ? "" : " and ONNX Runtime")}, per GEMM shape",
            path => Charts.Grouped(path, $"{name} throughput per tier", "GEMM shape (M×N×K)", unit, categories, series));
    }
}

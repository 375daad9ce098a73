using System.Globalization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Table3;

/// <summary>Prints the <c>table3</c> rows and the AVX-512 ÷ AVX2 speed-ups beside the paper's.</summary>
public static class Table3Report
{
    public static void Print(IReadOnlyList<Table3Row> rows)
    {
        var table = new TextTable("model", "engine", "isa", "threads", "median_ms", "p95_ms", "vs_ort", "rel_diff", "top1");
        foreach (var row in rows)
        {
            var ort = rows.FirstOrDefault(r => r.Model == row.Model && r.Threads == row.Threads && r.Engine == "onnxruntime");
            table.Add(row.Model, row.Engine, row.Isa, row.Threads, row.MedianMs, row.P95Ms,
                ort is null ? null : $"{row.MedianMs / ort.MedianMs:F2}x",
                row.RelDiffVsOnnxRuntime?.ToString("E1", CultureInfo.InvariantCulture), row.Top1);
        }

        table.Print();
        foreach (var model in rows.Where(r => r.Engine == "kernels").Select(r => r.Model).Distinct())
        {
            if (!rows.Any(r => r.Model == model && r.Engine == "kernels" && r.Isa == "scalar"))
            {
                Console.WriteLine($"{model}: no kernels scalar row: a quick run skips the scalar tier where one inference would exceed {Table3Experiment.QuickScalarLimitMs / 1000:F0} s.");
            }
        }

        Console.WriteLine();

        var speedups = new TextTable("model", "engine", "threads", "avx2_ms", "avx512_ms", "speedup", "paper_tfserving_speedup", "paper_python_speedup");
        foreach (var group in rows.Where(r => r.Engine is "kernels" or "torchsharp").GroupBy(r => (r.Model, r.Engine, r.Threads)))
        {
            var avx2 = group.FirstOrDefault(r => r.Isa == "avx2");
            var avx512 = group.FirstOrDefault(r => r.Isa == "avx512");
            if (avx2 is null || avx512 is null)
            {
                continue;
            }

            PaperTable3.Rows.TryGetValue(group.Key.Model, out var paper);
            speedups.Add(group.Key.Model, group.Key.Engine, group.Key.Threads, avx2.MedianMs, avx512.MedianMs, avx2.MedianMs / avx512.MedianMs, paper?.ServingSpeedup, paper?.PythonSpeedup);
        }

        Console.WriteLine("AVX-512 speed-up (AVX2 median ÷ AVX-512 median), beside the paper's Table 3 (AVX-512 disabled ÷ enabled):");
        speedups.Print();
    }
}

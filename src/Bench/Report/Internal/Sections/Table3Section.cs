using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;
using Toolkit.Bench.Table3;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// Table 3: warm inference latency per model on each engine and ISA tier, and the AVX-512 speed-up beside the paper's
/// (its "disabled ÷ enabled" is our AVX2 ÷ AVX-512).
/// </summary>
internal static class Table3Section
{
    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("table3").Where(r => r.Number("median_ms") is not null).ToList();
        if (rows.Count == 0)
        {
            writer.SkippedSection("table3", "Table 3: inference latency and AVX-512", "no `table3` section (run `table3 --json PATH`).");
            return;
        }

        writer.Section("table3", "Table 3: inference latency and AVX-512");
        var configs = rows.Select(Config).Distinct().ToList();
        var groups = rows.GroupBy(r => (Model: r.Label("model"), Threads: r.Number("threads") ?? 1)).ToList();
        var headers = new List<string> { "model", "threads" };
        headers.AddRange(configs);
        var latency = new MarkdownTable([.. headers]);
        latency.RightAligned.UnionWith(Enumerable.Range(1, headers.Count - 1));
        foreach (var group in groups)
        {
            var cells = new List<string> { group.Key.Model, Numbers.Int(group.Key.Threads) };
            cells.AddRange(configs.Select(c => group.FirstOrDefault(r => Config(r) == c) is { } row ? $"{Numbers.SigWithInterval(row.Number("median_ms"), row.Interval("median_ci95"))} ({Numbers.Sig(row.Number("p95_ms"))})" : "–"));
            latency.Add([.. cells]);
        }

        writer.Paragraph("Median (p95) warm latency in ms per inference." + (rows.Any(r => r.Interval("median_ci95") is not null) ? " " + Numbers.IntervalSentence : ""));
        writer.Table(latency);

        var speedups = new MarkdownTable("model", "threads", "ours AVX2 (ms)", "ours AVX-512 (ms)", "ours speed-up", "libtorch AVX2 (ms)", "libtorch AVX-512 (ms)", "libtorch speed-up",
            "paper TF-Serving speed-up", "paper Python speed-up", "paper TF-Serving AVX-512 (ms)");
        speedups.RightAligned.UnionWith(Enumerable.Range(1, 10));
        var speedupModels = new List<string>();
        var ourSpeedups = new List<double?>();
        var torchSpeedups = new List<double?>();
        var paperServing = new List<double?>();
        var paperPython = new List<double?>();
        foreach (var group in groups)
        {
            var (avx2, avx512) = (Median(group, "kernels", "avx2"), Median(group, "kernels", "avx512"));
            var (torchAvx2, torchAvx512) = (Median(group, "torchsharp", "avx2"), Median(group, "torchsharp", "avx512"));
            if ((avx2 is null || avx512 is null) && (torchAvx2 is null || torchAvx512 is null))
            {
                continue;
            }

            var paper = PaperTable3.Rows.GetValueOrDefault(group.Key.Model);
            speedups.Add(group.Key.Model, Numbers.Int(group.Key.Threads), Numbers.Sig(avx2), Numbers.Sig(avx512), Numbers.Times(avx2 / avx512),
                Numbers.Sig(torchAvx2), Numbers.Sig(torchAvx512), Numbers.Times(torchAvx2 / torchAvx512),
                Numbers.Times(paper?.ServingSpeedup), Numbers.Times(paper?.PythonSpeedup), Numbers.Sig(paper?.ServingEnabledS * 1000));
            speedupModels.Add($"{group.Key.Model} ×{group.Key.Threads}");
            ourSpeedups.Add(avx2 / avx512);
            torchSpeedups.Add(torchAvx2 / torchAvx512);
            paperServing.Add(paper?.ServingSpeedup);
            paperPython.Add(paper?.PythonSpeedup);
        }

        if (speedups.Count == 0)
        {
            writer.Paragraph("_No model has both an avx2 and an avx512 row, so the AVX-512 speed-up cannot be computed (does this CPU have AVX-512?)._");
        }
        else
        {
            writer.Paragraph("AVX-512 speed-up = AVX2 median ÷ AVX-512 median, for our kernels and for libtorch (TorchSharp, its CPU kernels capped at each tier), " +
                             "beside the paper's Table 3 (AVX-512 disabled ÷ enabled on an m5.large). libtorch is the closer analogue of the paper's TensorFlow.");
            writer.Table(speedups);
            var speedupSeries = new List<BarSeries> { new("ours (kernels)", ourSpeedups) };
            if (torchSpeedups.Any(v => v is not null))
            {
                speedupSeries.Add(new BarSeries("libtorch", torchSpeedups));
            }

            speedupSeries.Add(new BarSeries("paper TF-Serving", paperServing));
            speedupSeries.Add(new BarSeries("paper Python", paperPython));
            writer.Figure("table3_speedup.png", "AVX-512 speed-up (AVX2 time ÷ AVX-512 time) per model: our kernels and libtorch beside the paper's Table 3",
                path => Charts.Grouped(path, "AVX-512 speed-up: this machine vs the paper's Table 3", "model × threads", "speed-up (AVX2 time ÷ AVX-512 time, ×)", speedupModels, speedupSeries));
        }

        // The scalar tier is 20-40× slower than the others; drawn on the same axis it would flatten every other bar.
        var plotted = configs.Where(c => c != "kernels scalar").ToList();
        var categories = groups.Select(g => $"{g.Key.Model} ×{g.Key.Threads}").ToList();
        // Models more than 5× apart in latency share no useful linear axis: then each bar is shown relative to ONNX
        // Runtime on the same model and threads (the table keeps the milliseconds).
        var tallest = groups.Select(g => g.Where(r => plotted.Contains(Config(r))).Max(r => r.Number("median_ms") ?? 0)).Where(v => v > 0).ToList();
        var relative = tallest.Count > 1 && tallest.Max() / tallest.Min() > 5 && groups.All(g => g.Any(r => Config(r) == "onnxruntime"));
        var series = plotted.Select(c => new BarSeries(c == "onnxruntime" ? "ONNX Runtime" : c, [.. groups.Select(g =>
            g.FirstOrDefault(r => Config(r) == c)?.Number("median_ms") / (relative ? g.First(r => Config(r) == "onnxruntime").Number("median_ms") : 1))])).ToList();
        var caption = "Median warm inference latency per model, engine and ISA tier" + (relative ? ", relative to ONNX Runtime on the same model" : "") +
                      (plotted.Count < configs.Count ? " (scalar tier left out: see the table)" : "");
        writer.Figure("table3.png", caption,
            path => Charts.Grouped(path, relative ? "Warm inference latency relative to ONNX Runtime" : "Warm inference latency per engine and ISA tier", "model × threads",
                relative ? "median latency ÷ ONNX Runtime median (×)" : "median latency (ms)", categories, series));
    }

    private static string Config(JsonObject row) => row.Text("engine") == "onnxruntime" ? "onnxruntime" : $"{row.Label("engine")} {row.Label("isa")}";

    private static double? Median(IEnumerable<JsonObject> rows, string engine, string isa) =>
        rows.FirstOrDefault(r => (r.Text("engine") ?? "kernels") == engine && r.Text("isa") == isa)?.Number("median_ms");
}

using System.Globalization;
using System.Text.Json.Nodes;
using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// Figure 5: serverless-container configurations (instances × concurrency × cores per instance) answering a burst,
/// the ones run on this machine and the ones simulated from its service times in separate tables, with Cloud Run's cost.
/// </summary>
internal static class Figure5Section
{
    private const string Name = "scaling_containers";
    private const string Title = "Figure 5: instances × concurrency × cores";

    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("scaling").Where(r => r.Text("platform") == "containers" && r.Median("latency_ms") is not null).ToList();
        var skipped = StepSkips.Note(results, ContainerPlan.Step);
        if (rows.Count == 0)
        {
            writer.SkippedSection(Name, Title, $"no `scaling` rows of platform `containers` (run `{ContainerPlan.Step} --json PATH`).{skipped}");
            return;
        }

        writer.Section(Name, Title);
        writer.Paragraph("A configuration is `instances_concurrency_cores`, as in the paper. One burst of requests arrives at once (the `burst` column; the paper sent 48) " +
                         "and each request's latency runs from the burst's start to its answer. Cost is Cloud Run's bill per million requests; cost ÷ cheapest divides by " +
                         "the model's cheapest configuration, as the paper's relative cost does. Paper (Figure 5, 48 requests, 8 GB): the inference time hardly changes " +
                         "across configurations while the response time and cost do; packing requests onto few cores (6_8_8, 6_8_2) lengthens the response by queuing, " +
                         "and 24_2_2 answers faster than 12_4_4 at a lower cost (the verdict is the instances_vs_cores finding)." + skipped);
        var measured = rows.Where(r => r.Text("source") == "measured").ToList();
        var simulated = rows.Where(r => r.Text("source") != "measured").ToList();
        var cheapest = rows.Where(r => r.Number("cost_per_million_usd") > 0).GroupBy(r => r.Label("model"))
            .ToDictionary(g => g.Key, g => g.Min(r => r.Number("cost_per_million_usd")!.Value), StringComparer.Ordinal);
        if (measured.Count > 0)
        {
            writer.Paragraph("**Measured on this machine** (each instance a bootstrap process pinned to its own cores; configurations that fit its cores):");
            writer.Table(Table(measured, cheapest, simulatedColumns: false));
        }

        if (simulated.Count > 0)
        {
            writer.Paragraph("**Simulated** from this machine's service times (a configuration also run for real gets its prediction error against the measured row):");
            writer.Table(Table(simulated, cheapest, simulatedColumns: true));
        }

        foreach (var model in rows.GroupBy(r => r.Label("model")))
        {
            var configs = model.Select(r => r.Label("config")).Distinct(StringComparer.Ordinal).ToList();
            double? Stat(string config, bool real, Func<JsonObject, double?> read) =>
                model.FirstOrDefault(r => r.Label("config") == config && (r.Text("source") == "measured") == real) is { } row ? read(row) : null;
            var series = new List<BarSeries>
            {
                new("measured median", [.. configs.Select(c => Stat(c, true, r => r.Median("latency_ms")))]),
                new("measured p95", [.. configs.Select(c => Stat(c, true, r => r.P95("latency_ms")))]),
                new("simulated median", [.. configs.Select(c => Stat(c, false, r => r.Median("latency_ms")))]),
                new("simulated p95", [.. configs.Select(c => Stat(c, false, r => r.P95("latency_ms")))]),
            };
            writer.Figure($"scaling_containers_{FileSafe(model.Key)}.png", $"{model.Key}: burst latency per configuration, measured here where it fits and simulated (paper's Figure 5)",
                path => Charts.Grouped(path, $"{model.Key}: instances_concurrency_cores, measured and simulated (paper's Figure 5)", "configuration", "latency (ms)", configs, series));
        }
    }

    private static MarkdownTable Table(List<JsonObject> rows, Dictionary<string, double> cheapest, bool simulatedColumns)
    {
        var headers = new List<string> { "model", "config", "instances", "concurrency", "cores per instance", "burst", "latency (ms, p95)" };
        headers.AddRange(simulatedColumns ? ["error vs measured (median, p95)"] : ["inference (ms, p95)", "requests"]);
        headers.AddRange(["cost ($ per 1M)", "cost ÷ cheapest"]);
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(2, headers.Count - 2));
        foreach (var row in rows)
        {
            var parts = Parts(row.Text("config"));
            var cells = new List<string>
            {
                row.Label("model"), row.Label("config"), Part(parts, 0), Part(parts, 1), Part(parts, 2), Numbers.Int(row.Number("burst")),
                $"{Numbers.Sig(row.Median("latency_ms"))} ({Numbers.Sig(row.P95("latency_ms"))})",
            };
            cells.AddRange(simulatedColumns
                ? [row.Median("prediction_error") is null ? "–" : $"{Signed(row.Median("prediction_error"))}, {Signed(row.P95("prediction_error"))}"]
                : [$"{Numbers.Sig(row.Median("inference_ms"))} ({Numbers.Sig(row.P95("inference_ms"))})", Numbers.Int(row.Number("requests"))]);
            var cost = row.Number("cost_per_million_usd");
            cells.AddRange([Numbers.Sig(cost), Numbers.Times(cost / (cheapest.TryGetValue(row.Label("model"), out var low) ? low : null))]);
            table.Add([.. cells]);
        }

        return table;
    }

    /// <summary>The three numbers of <c>instances_concurrency_cores</c>; empty when the config is not of that form.</summary>
    private static int[] Parts(string? config)
    {
        var parts = (config ?? "").Split('_');
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToList();
        return parts.Length == 3 && numbers.All(n => n is not null) ? [.. numbers.Select(n => n!.Value)] : [];
    }

    private static string Part(int[] parts, int index) => parts.Length == 3 ? parts[index].ToString(CultureInfo.InvariantCulture) : "?";

    private static string Signed(double? fraction) => fraction is { } f ? (f >= 0 ? "+" : "") + Numbers.Percent(f) : "–";

    private static string FileSafe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));
}

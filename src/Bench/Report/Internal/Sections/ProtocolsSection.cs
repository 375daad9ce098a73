using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>Figure 3: warm end-to-end latency per model and wire format, split into the request's phases.</summary>
internal static class ProtocolsSection
{
    private static readonly (string Field, string Name)[] Phases =
    [
        ("client_encode_ms", "client encode"),
        ("transfer_ms", "transfer"),
        ("server_decode_ms", "server decode"),
        ("inference_ms", "inference"),
        ("server_encode_client_decode_ms", "server encode + client decode"),
    ];

    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("protocols").Where(r => r.Median("end_to_end_ms") is not null).ToList();
        if (rows.Count == 0)
        {
            writer.SkippedSection("protocols", "Figure 3: end to end per wire format", "no `protocols` section (run `protocols --json PATH`).");
            return;
        }

        writer.Section("protocols", "Figure 3: end to end per wire format");
        var headers = new List<string> { "model", "format", "transport", "concurrency", "request (MiB)", "end to end (ms, p95)" };
        headers.AddRange(Phases.Select(p => p.Name + " (ms)"));
        headers.Add("errors");
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(3, headers.Count - 3));
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                row.Label("model") + (TransportOnly(row) ? " (transport-only)" : ""), row.Label("format"), row.Label("transport"), Numbers.Int(row.Number("concurrency")),
                Numbers.Sig(row.Number("request_bytes") / (1024.0 * 1024)), $"{Numbers.SigWithInterval(row.Median("end_to_end_ms"), row.MedianCi95("end_to_end_ms"))} ({Numbers.Sig(row.P95("end_to_end_ms"))})",
            };
            cells.AddRange(Phases.Select(p => Numbers.SigWithInterval(Phase(row, p.Field), row.MedianCi95(p.Field))));
            cells.Add(row.Number("errors") is { } errors ? Numbers.Int(errors) + (row.Number("requests") is { } n ? "/" + Numbers.Int(n) : "") : "–");
            table.Add([.. cells]);
        }

        writer.Paragraph("Warm requests over loopback; medians of each phase (they need not add up to the end-to-end median). " +
                         "`transport-only` rows use an engine that returns a correctly shaped output without computing it." +
                         (rows.Any(r => Phases.Select(p => p.Field).Append("end_to_end_ms").Any(f => r.MedianCi95(f) is not null)) ? " " + Numbers.IntervalSentence : ""));
        writer.Table(table);
        Gaps(writer, rows);

        // One figure per concurrency level: the paper's Figure 3 is one request at a time; 40 at once is its cold burst.
        var levels = rows.Select(r => r.Number("concurrency") ?? 1).Distinct().Order().ToList();
        foreach (var level in levels)
        {
            var atLevel = rows.Where(r => (r.Number("concurrency") ?? 1) == level).ToList();
            var categories = atLevel.Select(r => $"{r.Label("model")} {r.Label("format")}{(TransportOnly(r) ? " (transport-only)" : "")}").ToList();
            var anyPhase = Phases.Any(p => atLevel.Any(r => Phase(r, p.Field) is not null));
            var segments = anyPhase
                ? Phases.Select(p => new BarSeries(p.Name, [.. atLevel.Select(r => Phase(r, p.Field))])).ToList()
                : [new BarSeries("end to end", [.. atLevel.Select(r => r.Median("end_to_end_ms"))])];
            var concurrency = Numbers.Int(level);
            var fileName = level == levels[0] ? "protocols.png" : $"protocols_c{concurrency}.png";
            writer.Figure(fileName, $"Warm end-to-end latency per model and wire format by phase, concurrency {concurrency}; the paper's Figure 3 shows REST/JSON about 2 s slower than gRPC for YOLOv5",
                path => Charts.Stacked(path, $"End to end per wire format (concurrency {concurrency})", "model and wire format", "median time (ms)", categories, segments));
        }
    }

    /// <summary>Per model: REST/JSON minus gRPC, the gap the paper measured, and binary REST against gRPC.</summary>
    private static void Gaps(ReportWriter writer, List<JsonObject> rows)
    {
        var any = false;
        foreach (var model in rows.GroupBy(r => (Model: r.Label("model"), Concurrency: r.Number("concurrency") ?? 1)))
        {
            var json = Best(model, "rest", r => r.Label("format").Contains("json", StringComparison.Ordinal), "tfserving_json");
            var grpc = Best(model, "grpc", _ => true, "tfserving_grpc");
            var binary = Best(model, "rest", r => r.Text("format") == "kserve_binary", "kserve_binary");
            if (grpc is null || (json is null && binary is null))
            {
                continue;
            }

            any = true;
            var line = $"{model.Key.Model} at concurrency {Numbers.Int(model.Key.Concurrency)}:";
            if (json is not null)
            {
                var gapMs = json.Median("end_to_end_ms") - grpc.Median("end_to_end_ms");
                line += $" REST `{json.Label("format")}` is {Numbers.Duration(Math.Abs(gapMs ?? 0))} {(gapMs < 0 ? "faster" : "slower")} than gRPC `{grpc.Label("format")}` " +
                        $"({Numbers.Times(json.Median("end_to_end_ms") / grpc.Median("end_to_end_ms"))}).";
            }

            if (binary is not null)
            {
                line += $" Binary REST (`kserve_binary`) is {Numbers.Times(binary.Median("end_to_end_ms") / grpc.Median("end_to_end_ms"))} of gRPC (target: within 1.5×).";
            }

            writer.Bullet(line);
        }

        if (any)
        {
            writer.Bullet("Paper (Figure 3): REST/JSON about 2 s slower than gRPC/protobuf for YOLOv5; about the same for BERT.");
            writer.EndList();
        }
    }

    private static JsonObject? Best(IEnumerable<JsonObject> rows, string transport, Func<JsonObject, bool> accept, string preferred)
    {
        var candidates = rows.Where(r => r.Text("transport") == transport && accept(r)).ToList();
        return candidates.FirstOrDefault(r => r.Text("format") == preferred) ?? candidates.MinBy(r => r.Median("end_to_end_ms"));
    }

    private static bool TransportOnly(JsonObject row) => row.Flag("transport_only") == true;

    /// <summary>A phase median; the combined encode/decode phase falls back to its two halves when only they are recorded.</summary>
    private static double? Phase(JsonObject row, string field) =>
        field == "server_encode_client_decode_ms" && row.Median(field) is null && (row.Median("server_encode_ms") is not null || row.Median("client_decode_ms") is not null)
            ? (row.Median("server_encode_ms") ?? 0) + (row.Median("client_decode_ms") ?? 0)
            : row.Median(field);
}

using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// Table 2: each payload's size on every wire format beside the paper's gRPC and REST columns, the bodies that exceed
/// a platform's limit, and what the toolkit's codecs save (sections <c>table2</c>, <c>json_codec</c>, <c>protobuf_copy</c>).
/// </summary>
internal static class Table2Section
{
    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = NaturalElementType(results.Rows("table2"));
        if (rows.Count == 0)
        {
            writer.SkippedSection("table2", "Table 2: payload sizes", "no `table2` section (run `table2 --json PATH`).");
        }
        else
        {
            writer.Section("table2", "Table 2: payload sizes");
            Sizes(writer, rows);
            Limits(writer, rows);
        }

        Codec(writer, results.Rows("json_codec"));
        Protobuf(writer, results.Rows("protobuf_copy"));
    }

    private static void Sizes(ReportWriter writer, List<JsonObject> rows)
    {
        var formats = rows.Select(r => r.Label("format")).Distinct().ToList();
        var headers = new List<string> { "model", "direction", "dtype", "paper gRPC", "paper REST" };
        headers.AddRange(formats);
        headers.Add("ours JSON ÷ protobuf");
        headers.Add("paper REST ÷ gRPC");
        var table = new MarkdownTable([.. headers]);
        for (var i = 3; i < headers.Count; i++)
        {
            table.RightAligned.Add(i);
        }

        foreach (var group in rows.GroupBy(r => (Model: r.Label("model"), Direction: r.Label("direction"))))
        {
            var paperGrpc = group.Where(r => r.Label("format").Contains("grpc", StringComparison.Ordinal)).Select(r => r.Number("paper_mib")).FirstOrDefault(v => v is not null);
            var paperRest = group.Where(r => r.Label("format").Contains("json", StringComparison.Ordinal)).Select(r => r.Number("paper_mib")).FirstOrDefault(v => v is not null);
            // The paper's REST column is Python's TF-Serving JSON; our closest body is the paper-style writer, else ours.
            var json = Mib(group, "tfserving_json_paper") ?? Mib(group, "tfserving_json");
            var protobuf = Mib(group, "tfserving_grpc") ?? Mib(group, "kserve_grpc");
            var cells = new List<string> { group.Key.Model, group.Key.Direction, group.First().Text("dtype") ?? "?", Numbers.Sig(paperGrpc), Numbers.Sig(paperRest) };
            cells.AddRange(formats.Select(f => Numbers.Sig(Mib(group, f))));
            cells.Add(Numbers.Times(json / protobuf));
            cells.Add(Numbers.Times(paperRest / paperGrpc));
            table.Add([.. cells]);
        }

        writer.Paragraph("Sizes in MiB, in each tensor's own element type (float32 but for BERT's int32 token ids). The paper's columns are its Table 2 (\"MB\"; its gRPC column matches raw tensor MiB). " +
                         "`tfserving_json_paper` writes JSON the way the paper's Python client did (doubles, \", \" separators).");
        writer.Table(table);
    }

    private static void Limits(ReportWriter writer, List<JsonObject> rows)
    {
        var over = rows.Select(r => (Row: r, Platforms: string.Join(", ", new[] { ("fits_lambda", "Lambda"), ("fits_sagemaker", "SageMaker"), ("fits_cloud_run", "Cloud Run") }
                .Where(p => r.Flag(p.Item1) == false).Select(p => p.Item2))))
            .Where(x => x.Platforms.Length > 0).ToList();
        if (over.Count == 0)
        {
            writer.Paragraph("Every body fits every platform's request and response limit.");
            return;
        }

        writer.Paragraph("Bodies over a platform's limit (Lambda 6 MB, SageMaker 4 MB, Cloud Run 32 MiB):");
        foreach (var (row, platforms) in over)
        {
            writer.Bullet($"{row.Label("model")} {row.Label("direction")} as `{row.Label("format")}` ({Numbers.Sig(row.Number("mib"))} MiB): over {platforms}");
        }

        writer.EndList();
    }

    private static void Codec(ReportWriter writer, IReadOnlyList<JsonObject> rows)
    {
        if (rows.Count == 0)
        {
            writer.Paragraph("_No `json_codec` section: the JSON float codec was not compared with System.Text.Json._");
            return;
        }

        var table = new MarkdownTable("payload", "values", "write ns/value", "System.Text.Json write", "write speed-up", "read ns/value", "System.Text.Json read", "read speed-up");
        foreach (var i in new[] { 1, 2, 3, 4, 5, 6, 7 })
        {
            table.RightAligned.Add(i);
        }

        foreach (var payload in rows.GroupBy(r => r.Label("payload")))
        {
            var row = payload.First();
            if (row.Number("encode_speedup") is not null || row.Number("toolkit_encode_ns_per_value") is not null)
            {
                table.Add(payload.Key, Numbers.Int(row.Number("values")), Numbers.Sig(row.Number("toolkit_encode_ns_per_value")), Numbers.Sig(row.Number("system_text_json_encode_ns_per_value")),
                    Numbers.Times(row.Number("encode_speedup")), Numbers.Sig(row.Number("toolkit_decode_ns_per_value")), Numbers.Sig(row.Number("system_text_json_decode_ns_per_value")), Numbers.Times(row.Number("decode_speedup")));
                continue;
            }

            // Older files hold one row per codec instead of one row per payload.
            var toolkit = payload.FirstOrDefault(r => r.Text("codec") == "toolkit");
            var stj = payload.FirstOrDefault(r => r.Text("codec") == "system_text_json");
            table.Add(payload.Key, Numbers.Int(row.Number("values")), Numbers.Sig(toolkit?.Number("encode_ns_per_value")), Numbers.Sig(stj?.Number("encode_ns_per_value")),
                Numbers.Times(stj?.Number("encode_ns_per_value") / toolkit?.Number("encode_ns_per_value")), Numbers.Sig(toolkit?.Number("decode_ns_per_value")),
                Numbers.Sig(stj?.Number("decode_ns_per_value")), Numbers.Times(stj?.Number("decode_ns_per_value") / toolkit?.Number("decode_ns_per_value")));
        }

        writer.Heading(3, "JSON float codec against System.Text.Json");
        writer.Paragraph("Per float value; speed-up = System.Text.Json time ÷ ours, the median of alternating runs.");
        writer.Table(table);
    }

    private static void Protobuf(ReportWriter writer, IReadOnlyList<JsonObject> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("payload", "format", "encode (µs)", "memcpy (µs)", "encode ÷ memcpy");
        table.RightAligned.UnionWith([2, 3, 4]);
        foreach (var row in rows)
        {
            table.Add(row.Label("payload"), row.Label("format"), Numbers.Sig(row.Number("encode_us")), Numbers.Sig(row.Number("memcpy_us")), Numbers.Times(row.Number("ratio")));
        }

        writer.Heading(3, "Protobuf encoding against a copy of the same bytes");
        writer.Table(table);
    }

    /// <summary>The paper's element type for each tensor: float32 where it was recorded, else the one type there is
    /// (BERT's token ids are int32), so the fp16 and uint8 variants do not crowd the comparison.</summary>
    private static List<JsonObject> NaturalElementType(IReadOnlyList<JsonObject> rows) =>
        [.. rows.GroupBy(r => (r.Label("model"), r.Label("direction")))
            .SelectMany(g => g.Any(r => r.Text("dtype") is null or "fp32") ? g.Where(r => r.Text("dtype") is null or "fp32") : g.Where(r => r.Text("dtype") == g.First().Text("dtype")))];

    private static double? Mib(IEnumerable<JsonObject> rows, string format) =>
        rows.FirstOrDefault(r => r.Text("format") == format) is { } row ? row.Number("mib") ?? row.Number("bytes") / (1024.0 * 1024) : null;
}

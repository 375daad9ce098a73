using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;
using Toolkit.Bench.Report.Internal.Sections;
using Toolkit.Bench.Table3;

namespace Toolkit.Bench.Report;

/// <summary>
/// The paper's findings, each checked against a results file. Every verdict is computed from the recorded numbers and
/// the thresholds below; none is written in.
/// </summary>
public static class PaperFindings
{
    /// <summary>"Far more": REST/JSON end to end at least twice gRPC/protobuf's. The paper's YOLOv5 gap (about 2 s on
    /// top of sub-second gRPC responses) is several times that.</summary>
    public const double RestFarSlowerRatio = 2.0;

    /// <summary>A request of at least this many bytes over gRPC is a "large tensor": the paper's small case (BERT) sends
    /// 6 KB and its large one (YOLOv5) 4.7 MiB; MobileNetV1's 0.57 MiB image already shows the JSON cost.</summary>
    public const long LargeRequestBytes = 512 * 1024;

    public static IReadOnlyList<Finding> Evaluate(ResultsDocument results) =>
    [
        Avx512Finding.Evaluate(results),
        Protocols(results),
        ColdStartFindings.Paper(results),
        ColdStartFindings.Remedy(results),
        new("serving_engine", "An optimized serving engine (SageMaker with TF-Serving) beats a general-purpose function (Lambda) for most models.", Verdict.NotMeasured,
            "It compares the platforms' own engines and hardware; the local hosts here share one engine and one CPU."),
        MemorySweepFinding.Evaluate(results),
        InstancesFinding.Evaluate(results),
    ];

    public static Finding Protocols(ResultsDocument results)
    {
        const string claim = "REST with JSON costs far more end to end than gRPC with protobuf for large tensors (paper Figure 3: about 2 s more for YOLOv5).";
        var rows = results.Rows("protocols").Where(r => r.Median("end_to_end_ms") > 0).ToList();
        if (rows.Count == 0)
        {
            return new("protocols", claim, Verdict.NotMeasured, "No protocols rows with an end-to-end median." + PayloadHint(results));
        }

        var comparisons = new List<ProtocolComparison>();
        foreach (var model in rows.GroupBy(r => r.Label("model")))
        {
            var lowest = model.Min(r => r.Number("concurrency") ?? 1);
            var atLowest = model.Where(r => (r.Number("concurrency") ?? 1) == lowest).ToList();
            var rest = Pick(atLowest, "rest", "tfserving_json", json: true);
            var grpc = Pick(atLowest, "grpc", "tfserving_grpc", json: false);
            if (rest is not null && grpc is not null)
            {
                comparisons.Add(new ProtocolComparison(model.Key, rest, grpc));
            }
        }

        if (comparisons.Count == 0)
        {
            return new("protocols", claim, Verdict.NotMeasured, "The protocols rows lack a REST/JSON and gRPC pair for any model.");
        }

        var largest = comparisons.MaxBy(c => c.Grpc.Number("request_bytes") ?? (c.Model == "yolo_v5" ? double.MaxValue : 0))!;
        var requestBytes = largest.Grpc.Number("request_bytes");
        var detail = $"{largest.Model}: REST {largest.Rest.Label("format")} {Numbers.Duration(largest.RestMs)} against gRPC {largest.Grpc.Label("format")} {Numbers.Duration(largest.GrpcMs)} " +
                     $"median end to end ({Numbers.Times(largest.Ratio)}, {Numbers.Duration(largest.RestMs - largest.GrpcMs)} more)" +
                     (largest.Rest.Flag("transport_only") == true ? ", transport-only engine" : "");
        if (requestBytes is { } bytes && bytes < LargeRequestBytes)
        {
            return new("protocols", claim, Verdict.NotMeasured, $"The largest request measured is {Numbers.Sig(bytes / 1024)} KiB, below the {LargeRequestBytes / 1024} KiB counted as large; {detail}.");
        }

        var verdict = largest.Ratio >= RestFarSlowerRatio ? Verdict.Confirmed : Verdict.NotConfirmed;
        return new("protocols", claim, verdict, $"{detail}; \"far more\" means at least {Numbers.Times(RestFarSlowerRatio)}.");
    }

    internal static string ColdStartLabel(JsonObject row) =>
        $"{row.Label("host")}/{row.Label("build")}/{row.Label("engine")}/{row.Label("model")}/{row.Label("page_cache")}" + (row.Text("mode") == "container" ? "/container" : "");

    private static JsonObject? Pick(List<JsonObject> rows, string transport, string preferred, bool json)
    {
        var candidates = rows.Where(r => r.Text("transport") == transport && (r.Label("format").Contains("json", StringComparison.Ordinal) == json)).ToList();
        return candidates.FirstOrDefault(r => r.Text("format") == preferred) ?? candidates.MinBy(r => r.Median("end_to_end_ms"));
    }

    /// <summary>When no end-to-end numbers exist, Table 2's sizes still show the JSON overhead; say so.</summary>
    private static string PayloadHint(ResultsDocument results)
    {
        var rows = results.Rows("table2").Where(r => r.Text("dtype") is null or "fp32" && r.Text("direction") == "input").ToList();
        var largest = rows.Where(r => r.Text("format") == "tfserving_grpc").MaxBy(r => r.Number("bytes"));
        var json = largest is null ? null : rows.FirstOrDefault(r => r.Text("model") == largest.Text("model") && r.Text("format") == "tfserving_json");
        if (largest?.Number("bytes") is not { } grpcBytes || json?.Number("bytes") is not { } jsonBytes || grpcBytes <= 0)
        {
            return "";
        }

        return $" Table 2 alone: the {largest.Label("model")} input is {Numbers.Times(jsonBytes / grpcBytes)} larger as TF-Serving JSON than as protobuf, " +
               $"and costs {Numbers.Duration(((json.Number("encode_us") ?? 0) + (json.Number("decode_us") ?? 0)) / 1000)} to encode and decode against " +
               $"{Numbers.Duration(((largest.Number("encode_us") ?? 0) + (largest.Number("decode_us") ?? 0)) / 1000)}.";
    }

    private sealed record ProtocolComparison(string Model, JsonObject Rest, JsonObject Grpc)
    {
        public double RestMs => Rest.Median("end_to_end_ms") ?? double.NaN;

        public double GrpcMs => Grpc.Median("end_to_end_ms") ?? double.NaN;

        public double Ratio => RestMs / GrpcMs;
    }
}

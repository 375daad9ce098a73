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
    /// <summary>An AVX-512 speed-up (AVX2 time ÷ AVX-512 time) at or above this counts as "helps": 10% is about twice
    /// the run-to-run spread of a table3 median on this shared 2-core machine, so smaller gains are not claimed.</summary>
    public const double AvxHelpsSpeedup = 1.10;

    /// <summary>"Far more": REST/JSON end to end at least twice gRPC/protobuf's. The paper's YOLOv5 gap (about 2 s on
    /// top of sub-second gRPC responses) is several times that.</summary>
    public const double RestFarSlowerRatio = 2.0;

    /// <summary>A request of at least this many bytes over gRPC is a "large tensor": the paper's small case (BERT) sends
    /// 6 KB and its large one (YOLOv5) 4.7 MiB; MobileNetV1's 0.57 MiB image already shows the JSON cost.</summary>
    public const long LargeRequestBytes = 512 * 1024;

    /// <summary>The paper's cold starts: over 10 s (Figure 6).</summary>
    public const double PaperColdStartMs = 10_000;

    /// <summary>"Dominated": runtime/library init plus model load make up at least half of the end-to-end cold start.</summary>
    public const double DominantShare = 0.5;

    public static IReadOnlyList<Finding> Evaluate(ResultsDocument results) =>
    [
        Avx512(results),
        Protocols(results),
        ColdStart(results),
        new("serving_engine", "An optimized serving engine (SageMaker with TF-Serving) beats a general-purpose function (Lambda) for most models.", Verdict.NotMeasured,
            "It compares the platforms' own engines and hardware; the local hosts here share one engine and one CPU."),
        InstancesFinding.Evaluate(results),
    ];

    public static Finding Avx512(ResultsDocument results)
    {
        const string claim = "AVX-512 speeds inference up for some models and not for others (paper Table 3: 0.96× to 1.76×).";
        var speedups = new List<(string Model, int Threads, double Speedup)>();
        foreach (var model in results.Rows("table3").Where(r => r.Text("engine") is null or "kernels").GroupBy(r => r.Label("model")))
        {
            var pairs = (from avx2 in model.Where(r => r.Text("isa") == "avx2")
                         join avx512 in model.Where(r => r.Text("isa") == "avx512") on avx2.Number("threads") equals avx512.Number("threads")
                         let slow = avx2.Number("median_ms") ?? 0
                         let fast = avx512.Number("median_ms") ?? 0
                         where slow > 0 && fast > 0
                         orderby avx2.Number("threads")
                         select (Threads: (int)(avx2.Number("threads") ?? 1), Speedup: slow / fast)).ToList();
            // The fewest threads: the paper's m5.large numbers are per-request latency, closest to one core's work.
            if (pairs.Count > 0)
            {
                speedups.Add((model.Key, pairs[0].Threads, pairs[0].Speedup));
            }
        }

        if (speedups.Count == 0)
        {
            return new("avx512", claim, Verdict.NotMeasured, "No table3 model has both an avx2 and an avx512 row (the CPU may lack AVX-512, or table3 did not run).");
        }

        var list = string.Join(", ", speedups.Select(s => $"{s.Model} {Numbers.Times(s.Speedup)}{Paper(s.Model)}"));
        if (speedups.Count == 1)
        {
            return new("avx512", claim, Verdict.NotMeasured, $"Only one model was measured ({list}); the claim compares models, so run table3 with more models.");
        }

        var helped = speedups.Count(s => s.Speedup >= AvxHelpsSpeedup);
        var verdict = helped > 0 && helped < speedups.Count ? Verdict.Confirmed : Verdict.NotConfirmed;
        var summary = helped == speedups.Count ? "every measured model gains" : helped == 0 ? "no measured model gains" : $"{helped} of {speedups.Count} models gain";
        return new("avx512", claim, verdict, $"AVX2 ÷ AVX-512 median latency of our kernels: {list}; {summary} at least {Numbers.Times(AvxHelpsSpeedup)}.");
    }

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

    public static Finding ColdStart(ResultsDocument results)
    {
        const string claim = "Cold starts take over 10 s, dominated by loading the serving libraries and the model (paper Figure 6).";
        var rows = results.Rows("coldstart").Where(r => r.Median("end_to_end_ms") > 0).ToList();
        if (rows.Count == 0)
        {
            return new("coldstart", claim, Verdict.NotMeasured, "No coldstart rows with an end-to-end median.");
        }

        var slowest = rows.MaxBy(r => r.Median("end_to_end_ms"))!;
        var fastest = rows.MinBy(r => r.Median("end_to_end_ms"))!;
        var endToEnd = slowest.Median("end_to_end_ms")!.Value;
        var loading = ColdStartSection.LoadingMs(slowest);
        var share = loading / endToEnd;
        var over = endToEnd >= PaperColdStartMs;
        var dominated = share >= DominantShare;
        var verdict = over && dominated ? Verdict.Confirmed : Verdict.NotConfirmed;
        var evidence = $"Slowest of {rows.Count} configurations: {ColdStartLabel(slowest)} at {Numbers.Duration(endToEnd)} median end to end, " +
                       $"{Numbers.Percent(share)} of it runtime init and model load; fastest: {ColdStartLabel(fastest)} at {Numbers.Duration(fastest.Median("end_to_end_ms"))}. " +
                       (over ? "" : $"Every median is under {Numbers.Duration(PaperColdStartMs)}. ") +
                       (dominated ? "" : $"Init and load are under {Numbers.Percent(DominantShare)} of the slowest start.");
        return new("coldstart", claim, verdict, evidence.Trim());
    }

    internal static string ColdStartLabel(JsonObject row) =>
        $"{row.Label("host")}/{row.Label("build")}/{row.Label("engine")}/{row.Label("model")}/{row.Label("page_cache")}" + (row.Text("mode") == "container" ? "/container" : "");

    private static JsonObject? Pick(List<JsonObject> rows, string transport, string preferred, bool json)
    {
        var candidates = rows.Where(r => r.Text("transport") == transport && (r.Label("format").Contains("json", StringComparison.Ordinal) == json)).ToList();
        return candidates.FirstOrDefault(r => r.Text("format") == preferred) ?? candidates.MinBy(r => r.Median("end_to_end_ms"));
    }

    private static string Paper(string model) =>
        PaperTable3.Rows.TryGetValue(model, out var paper) ? $" (paper: TF-Serving {Numbers.Times(paper.ServingSpeedup)}, Python {Numbers.Times(paper.PythonSpeedup)})" : "";

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

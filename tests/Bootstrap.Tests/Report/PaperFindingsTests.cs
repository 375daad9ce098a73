using System.Globalization;
using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>Each finding's verdict follows the numbers: the same rule flips when the numbers cross its threshold.</summary>
public class PaperFindingsTests
{
    [Theory]
    [InlineData(41.0, 25.0, 520.0, 505.0, Verdict.Confirmed)]     // 1.64× and 1.03×: one model gains, one does not
    [InlineData(41.0, 25.0, 520.0, 400.0, Verdict.NotConfirmed)]  // both gain
    [InlineData(41.0, 40.0, 520.0, 505.0, Verdict.NotConfirmed)]  // neither gains
    public void Avx512_is_confirmed_only_when_some_models_gain_and_others_do_not(double mobileAvx2, double mobileAvx512, double bertAvx2, double bertAvx512, Verdict expected)
    {
        var results = Results("table3",
            Table3("mobilenet_v1", "avx2", mobileAvx2), Table3("mobilenet_v1", "avx512", mobileAvx512),
            Table3("bert", "avx2", bertAvx2), Table3("bert", "avx512", bertAvx512), Table3("bert", "native", 300, engine: "onnxruntime"));

        Assert.Equal(expected, Avx512Finding.Evaluate(results).Verdict);
    }

    [Fact]
    public void Avx512_with_one_model_or_no_avx512_rows_is_not_measured()
    {
        Assert.Equal(Verdict.NotMeasured, Avx512Finding.Evaluate(Results("table3", Table3("mobilenet_v1", "avx2", 41), Table3("mobilenet_v1", "avx512", 25))).Verdict);
        Assert.Equal(Verdict.NotMeasured, Avx512Finding.Evaluate(Results("table3", Table3("mobilenet_v1", "avx2", 41), Table3("bert", "avx2", 500))).Verdict);
        Assert.Equal(Verdict.NotMeasured, Avx512Finding.Evaluate(ResultsDocument.Parse("{}")).Verdict);
    }

    [Theory]
    [InlineData(612.0, 168.0, 4_915_274, Verdict.Confirmed)]     // 3.6× on a 4.7 MiB request
    [InlineData(250.0, 168.0, 4_915_274, Verdict.NotConfirmed)]  // 1.5×: REST costs more, but not far more
    [InlineData(612.0, 168.0, 6_050, Verdict.NotMeasured)]       // a 6 KB request is not a large tensor
    public void Protocols_compare_rest_json_with_grpc_on_the_largest_request(double restMs, double grpcMs, long grpcRequestBytes, Verdict expected)
    {
        var results = Results("protocols",
            Protocol("yolo_v5", "tfserving_json", "rest", restMs, grpcRequestBytes * 2),
            Protocol("yolo_v5", "kserve_binary", "rest", grpcMs * 1.05, grpcRequestBytes),
            Protocol("yolo_v5", "tfserving_grpc", "grpc", grpcMs, grpcRequestBytes));

        var finding = PaperFindings.Protocols(results);

        Assert.Equal(expected, finding.Verdict);
        Assert.Contains("tfserving_json", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocols_without_rows_are_not_measured_but_cite_table2()
    {
        const string json = """
            { "table2": [
                { "model": "yolo_v5", "direction": "input", "format": "tfserving_json", "dtype": "fp32", "bytes": 13000000, "encode_us": 200000, "decode_us": 150000 },
                { "model": "yolo_v5", "direction": "input", "format": "tfserving_grpc", "dtype": "fp32", "bytes": 4915274, "encode_us": 1500, "decode_us": 1500 } ] }
            """;

        var finding = PaperFindings.Protocols(ResultsDocument.Parse(json));

        Assert.Equal(Verdict.NotMeasured, finding.Verdict);
        Assert.Contains("2.64× larger", finding.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41.0, 25.0, 520.0, 505.0, 30.0, 20.0, 900.0, 880.0, Verdict.Confirmed)]        // both engines: one model gains, one does not
    [InlineData(41.0, 25.0, 520.0, 505.0, 30.0, 20.0, 900.0, 600.0, Verdict.EnginesDisagree)]  // libtorch: both gain
    [InlineData(41.0, 40.0, 520.0, 505.0, 30.0, 29.0, 900.0, 880.0, Verdict.NotConfirmed)]     // neither engine gains anywhere
    public void Avx512_reads_both_engines_and_says_where_they_disagree(
        double mobileAvx2, double mobileAvx512, double bertAvx2, double bertAvx512,
        double torchMobileAvx2, double torchMobileAvx512, double torchBertAvx2, double torchBertAvx512, Verdict expected)
    {
        var results = Results("table3",
            Table3("mobilenet_v1", "avx2", mobileAvx2), Table3("mobilenet_v1", "avx512", mobileAvx512),
            Table3("bert", "avx2", bertAvx2), Table3("bert", "avx512", bertAvx512),
            Table3("mobilenet_v1", "avx2", torchMobileAvx2, engine: "torchsharp"), Table3("mobilenet_v1", "avx512", torchMobileAvx512, engine: "torchsharp"),
            Table3("bert", "avx2", torchBertAvx2, engine: "torchsharp"), Table3("bert", "avx512", torchBertAvx512, engine: "torchsharp"));

        var finding = Avx512Finding.Evaluate(results);

        Assert.Equal(expected, finding.Verdict);
        Assert.Contains("our kernels", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("libtorch", finding.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(900.0, 400.0, 300.0, 1700.0, Verdict.Confirmed)]     // 76% interpreter + import + load
    [InlineData(200.0, 100.0, 1400.0, 1750.0, Verdict.NotConfirmed)] // inference dominates
    public void Cold_start_is_judged_on_the_heavy_stack_rows(double runtimeInitMs, double modelLoadMs, double firstInferenceMs, double endToEndMs, Verdict expected)
    {
        var results = Results("coldstart",
            ColdStart("aot", 20, 10, 40, 76),
            ColdStart("python", runtimeInitMs, modelLoadMs, firstInferenceMs, endToEndMs));

        var finding = ColdStartFindings.Paper(results);

        Assert.Equal(expected, finding.Verdict);
        Assert.Contains("mobilenet_v1", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Cold_start_without_heavy_stack_rows_is_not_comparable()
    {
        var results = Results("coldstart", ColdStart("aot", 20, 10, 40, 76), ColdStart("jit", 6000, 3000, 1000, 12000));

        var paper = ColdStartFindings.Paper(results);
        var remedy = ColdStartFindings.Remedy(results);

        Assert.Equal(Verdict.NotMeasured, paper.Verdict);
        Assert.StartsWith("Not comparable", paper.Evidence, StringComparison.Ordinal);
        Assert.Equal(Verdict.NotMeasured, remedy.Verdict);
        Assert.StartsWith("Not comparable", remedy.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(76.0, Verdict.Confirmed)]     // 1500 ÷ 76 = 19.7×
    [InlineData(160.0, Verdict.NotConfirmed)] // 1500 ÷ 160 = 9.4×
    public void The_remedy_needs_aot_ten_times_faster_than_python_on_the_same_host(double aotEndToEndMs, Verdict expected)
    {
        var results = Results("coldstart",
            ColdStart("aot", 20, 10, aotEndToEndMs - 30, aotEndToEndMs),
            ColdStart("python", 900, 300, 300, 1500),
            ColdStart("aot", 20, 10, 40, 76, host: "cloudrun"));

        var finding = ColdStartFindings.Remedy(results);

        Assert.Equal(expected, finding.Verdict);
        Assert.DoesNotContain("cloudrun", finding.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(69.0, 2.86, 118.0, 4.51, Verdict.Confirmed)]      // the paper's: faster and cheaper
    [InlineData(69.0, 5.00, 118.0, 4.51, Verdict.NotConfirmed)]   // faster but dearer
    [InlineData(130.0, 2.86, 118.0, 4.51, Verdict.NotConfirmed)]  // cheaper but slower
    public void More_instances_must_be_faster_and_no_dearer_at_the_same_cores(double manyP95Ms, double manyCost, double fewP95Ms, double fewCost, Verdict expected)
    {
        var results = Results("scaling", Scaling("24_2_2", manyP95Ms, manyCost), Scaling("12_4_4", fewP95Ms, fewCost));

        var finding = InstancesFinding.Evaluate(results);

        Assert.Equal(expected, finding.Verdict);
        Assert.Contains("24_2_2", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(Verdict.NotMeasured, InstancesFinding.Evaluate(Results("scaling", Scaling("24_2_2", manyP95Ms, manyCost))).Verdict);
    }

    [Fact]
    public void Every_finding_is_evaluated_and_stated_in_one_sentence()
    {
        var findings = PaperFindings.Evaluate(ResultsDocument.Parse("{}"));

        Assert.Equal(["avx512", "protocols", "coldstart", "coldstart_remedy", "serving_engine", "memory_sweep", "instances_vs_cores"], findings.Select(f => f.Key));
        Assert.All(findings, f => Assert.Single(f.Claim.Split(". ", StringSplitOptions.RemoveEmptyEntries)));
    }

    private static ResultsDocument Results(string section, params string[] rows) =>
        ResultsDocument.Parse($$"""{ "{{section}}": [{{string.Join(",", rows)}}] }""");

    private static string Table3(string model, string isa, double medianMs, string engine = "kernels") =>
        Invariant($$"""{ "model": "{{model}}", "engine": "{{engine}}", "isa": "{{isa}}", "threads": 1, "median_ms": {{medianMs}}, "p95_ms": {{medianMs * 1.1}} }""");

    private static string Protocol(string model, string format, string transport, double endToEndMs, long requestBytes) =>
        Invariant($$"""{ "model": "{{model}}", "format": "{{format}}", "transport": "{{transport}}", "concurrency": 1, "request_bytes": {{requestBytes}}, "transport_only": true, "end_to_end_ms": { "median": {{endToEndMs}}, "p95": {{endToEndMs * 1.2}} } }""");

    private static string Scaling(string config, double p95Ms, double costPerMillionUsd) =>
        Invariant($$"""{ "platform": "containers", "model": "mobilenet_v1", "config": "{{config}}", "source": "simulated", "latency_ms": { "median": {{p95Ms / 2}}, "p95": {{p95Ms}} }, "cost_per_million_usd": {{costPerMillionUsd}} }""");

    private static string ColdStart(string build, double runtimeInitMs, double modelLoadMs, double firstInferenceMs, double endToEndMs, string host = "lambda") =>
        Invariant($$"""
            { "host": "{{host}}", "build": "{{build}}", "engine": "kernels", "model": "mobilenet_v1", "page_cache": "warm", "runs": 5,
              "runtime_init_ms": { "median": {{runtimeInitMs}}, "p95": {{runtimeInitMs}} }, "model_load_ms": { "median": {{modelLoadMs}}, "p95": {{modelLoadMs}} },
              "first_inference_ms": { "median": {{firstInferenceMs}}, "p95": {{firstInferenceMs}} }, "end_to_end_ms": { "median": {{endToEndMs}}, "p95": {{endToEndMs}} } }
            """);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

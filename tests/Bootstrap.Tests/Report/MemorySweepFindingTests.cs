using System.Globalization;
using Toolkit.Bench.Report;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>The Figure 4 verdict follows the faas rows: it flips when a gain crosses √(memory ratio) or the sweep lacks a model.</summary>
public class MemorySweepFindingTests
{
    // From one vCPU (1769 MB) to two (3538 MB) a gain is noticeable from √2 = 1.41×.
    [Theory]
    [InlineData(8.0, 6.4, 562.0, 365.0, Verdict.Confirmed)]     // MobileNetV1 1.25×, BERT 1.54×: as recorded on 2 cores
    [InlineData(8.0, 6.4, 562.0, 420.0, Verdict.NotConfirmed)]  // BERT 1.34×: its gain is not noticeable
    [InlineData(8.0, 5.0, 562.0, 365.0, Verdict.NotConfirmed)]  // MobileNetV1 1.60×: it gains as much as BERT
    public void The_verdict_flips_where_a_gain_crosses_the_square_root_of_the_memory_ratio(double mobileOneVcpuMs, double mobileTwoVcpuMs, double bertOneVcpuMs, double bertTwoVcpuMs, Verdict expected)
    {
        var results = Sweep(Sizes("mobilenet_v1", mobileOneVcpuMs * 3, mobileOneVcpuMs, mobileTwoVcpuMs), Sizes("bert", bertOneVcpuMs * 3, bertOneVcpuMs, bertTwoVcpuMs));

        var finding = MemorySweepFinding.Evaluate(results);

        Assert.Equal(expected, finding.Verdict);
        Assert.Contains("mobilenet_v1: 1769 MB → 3538 MB", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("1.41×", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_does_not_speed_up_from_its_smallest_size_is_not_confirmed()
    {
        // BERT at 512 MB only 1.05× slower than at 3538 MB: more memory did not speed it up.
        var results = Sweep(Sizes("mobilenet_v1", 24, 8, 6.4), Sizes("bert", 383, 562, 365));

        Assert.Equal(Verdict.NotConfirmed, MemorySweepFinding.Evaluate(results).Verdict);
    }

    [Fact]
    public void The_mean_of_the_recorded_requests_shows_the_quota_pauses_that_the_median_hides()
    {
        // MobileNetV1 at 512 MB: most requests fit the quota's slice (median 6.5 ms, as at 3538 MB), every fourth waits out the period.
        var bert = Sizes("bert", 1686, 562, 365);
        var byMedian = Sweep(Sizes("mobilenet_v1", 6.5, 8, 6.4), bert);
        var byMean = Sweep(
            [
                Row("mobilenet_v1", 512, 0.289, 0.289, 6.5, [.. Enumerable.Range(0, 20).Select(i => i % 4 == 3 ? 80 : 6.5)]),
                Row("mobilenet_v1", 1769, 1.0, 1.0, 8, [.. Enumerable.Repeat(8.0, 20)]),
                Row("mobilenet_v1", 3538, 2.0, 2.0, 6.4, [.. Enumerable.Repeat(6.4, 20)]),
            ],
            bert);

        Assert.Equal(Verdict.NotConfirmed, MemorySweepFinding.Evaluate(byMedian).Verdict);
        Assert.Equal(Verdict.Confirmed, MemorySweepFinding.Evaluate(byMean).Verdict);
    }

    [Fact]
    public void Without_both_models_or_a_full_size_above_one_vcpu_it_is_not_measured()
    {
        var oneModel = MemorySweepFinding.Evaluate(Sweep(Sizes("mobilenet_v1", 24, 8, 6.4)));
        // A one-core machine: 3538 MB is capped at one core, so no size above one vCPU ran in full.
        var capped = MemorySweepFinding.Evaluate(Sweep(
            [Row("mobilenet_v1", 1769, 1.0, 1.0, 8), Row("mobilenet_v1", 3538, 2.0, 1.0, 8)],
            [Row("bert", 1769, 1.0, 1.0, 562), Row("bert", 3538, 2.0, 1.0, 560)]));

        Assert.Equal(Verdict.NotMeasured, oneModel.Verdict);
        Assert.Contains("bert", oneModel.Evidence, StringComparison.Ordinal);
        Assert.Equal(Verdict.NotMeasured, capped.Verdict);
        Assert.Equal(Verdict.NotMeasured, MemorySweepFinding.Evaluate(ResultsDocument.Parse("{}")).Verdict);
    }

    [Fact]
    public void Capped_sizes_are_left_out_of_the_step()
    {
        // 10240 MB capped at 2 cores runs as fast as 3538 MB; the step still ends at 3538 MB, the largest full size.
        var results = Sweep(
            [.. Sizes("mobilenet_v1", 24, 8, 6.4), Row("mobilenet_v1", 10240, 5.79, 2, 6.3)],
            [.. Sizes("bert", 1686, 562, 365), Row("bert", 10240, 5.79, 2, 362)]);

        var finding = MemorySweepFinding.Evaluate(results);

        Assert.Equal(Verdict.Confirmed, finding.Verdict);
        Assert.DoesNotContain("10240", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_with_missing_or_wrong_fields_read_as_missing()
    {
        const string json = """
            { "scaling": [
                { "platform": "faas", "model": "bert" },
                { "platform": "faas", "model": "bert", "config": "lots", "latency_ms": { "median": 3 } },
                { "platform": "faas", "model": "bert", "config": "1769MB", "vcpus": "one", "inference_ms": "slow" },
                { "platform": "faas", "config": "3538MB", "latency_ms": 300 },
                7 ] }
            """;

        Assert.Equal(Verdict.NotMeasured, MemorySweepFinding.Evaluate(ResultsDocument.Parse(json)).Verdict);
    }

    /// <summary>512 MB (0.29 vCPU), 1769 MB (1 vCPU) and 3538 MB (2 vCPU) of one model, none capped.</summary>
    private static string[] Sizes(string model, double smallestMs, double oneVcpuMs, double twoVcpuMs) =>
        [Row(model, 512, 0.289, 0.289, smallestMs), Row(model, 1769, 1.0, 1.0, oneVcpuMs), Row(model, 3538, 2.0, 2.0, twoVcpuMs)];

    private static string Row(string model, int memoryMb, double vcpus, double quotaCores, double inferenceMs, double[]? samplesMs = null) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{ "latency_samples_ms": [{{string.Join(", ", (samplesMs ?? []).Select(v => v.ToString(CultureInfo.InvariantCulture)))}}], "platform": "faas", "model": "{{model}}", "config": "{{memoryMb}}MB", "source": "measured", "vcpus": {{vcpus}}, "quota_cores": {{quotaCores}}, "inference_ms": { "median": {{inferenceMs}}, "p95": {{inferenceMs * 1.2}} }, "latency_ms": { "median": {{inferenceMs + 3}}, "p95": {{inferenceMs * 1.2 + 3}} }, "cost_per_million_usd": {{0.2 + (memoryMb / 1024.0 * inferenceMs * 0.0000166667)}} }""");

    private static ResultsDocument Sweep(params string[][] models) =>
        ResultsDocument.Parse($$"""{ "scaling": [{{string.Join(",", models.SelectMany(m => m))}}] }""");
}

using Toolkit.Bench.ColdStart;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>The relaunch comparison: which rows make one, and its verdict on whether a direct v4 start is faster than v3 → v4.</summary>
public sealed class RelaunchComparisonTests
{
    [Fact]
    public void A_configuration_with_aot_and_a_variant_makes_a_comparison_and_other_builds_are_ignored()
    {
        var comparisons = RelaunchComparison.Of(
        [
            ("lambda", "kernels", "mobilenet_v1", "warm", Start("aot", 30)),
            ("lambda", "kernels", "mobilenet_v1", "warm", Start("jit", 300)),
            ("lambda", "kernels", "mobilenet_v1", "warm", Start("aot-v3", 35, isa: "avx2")),
            ("sagemaker", "kernels", "mobilenet_v1", "warm", Start("aot", 40)),
            ("sagemaker", "kernels", "mobilenet_v1", "warm", Start("jit", 400)),
        ]);

        var comparison = Assert.Single(comparisons);
        Assert.Equal(("lambda", "aot-v3", null, "aot"), (comparison.Host, comparison.V3Only?.Build, comparison.V4Direct?.Build, comparison.Relaunched.Build));
        Assert.Equal(["v3 only", "v4 direct", "v3 → v4"], comparison.Starts.Select(s => s.Label));
        Assert.StartsWith("not measured: no v4-direct (aot-v4) start", comparison.Verdict(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(28.0, 31.0, "a direct v4 start is faster than v3 → v4 by 3.0 ms end to end (28.0 against 31.0 ms")]
    [InlineData(31.0, 31.0, "a direct v4 start is not faster than v3 → v4 (31.0 against 31.0 ms end to end")]
    [InlineData(33.5, 31.0, "a direct v4 start is not faster than v3 → v4 (33.5 against 31.0 ms end to end")]
    public void Without_intervals_the_medians_decide_and_the_verdict_says_so(double directMs, double relaunchedMs, string expected)
    {
        var verdict = Compare(Start("aot-v4", directMs), Start("aot", relaunchedMs)).Verdict();

        Assert.StartsWith(expected, verdict, StringComparison.Ordinal);
        Assert.Contains("medians of 5 runs without intervals", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_intervals_show_no_difference_and_separate_ones_decide()
    {
        var overlapping = Compare(Start("aot-v4", 28, interval: [26, 31]), Start("aot", 30, interval: [29, 33])).Verdict();
        var separate = Compare(Start("aot-v4", 28, interval: [26, 28.5]), Start("aot", 30, interval: [29, 33])).Verdict();

        Assert.StartsWith("no difference shown: the 95% intervals of the end-to-end medians overlap", overlapping, StringComparison.Ordinal);
        Assert.StartsWith("a direct v4 start is faster than v3 → v4 by 2.0 ms", separate, StringComparison.Ordinal);
        Assert.Contains("the medians' 95% intervals do not overlap", separate, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aot_start_at_another_tier_than_v4_did_not_relaunch_and_is_not_compared()
    {
        var verdict = Compare(Start("aot-v4", 28), Start("aot", 30, isa: "avx2")).Verdict();

        Assert.StartsWith("not measured: the aot start ran at avx2, v4 direct at avx512", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_variants_are_left_out_of_the_other_ratios()
    {
        Assert.Equal([false, true, true, false], ((string[])["aot", "aot-v3", "aot-v4", "jit"]).Select(RelaunchComparison.IsVariant));
    }

    private static RelaunchComparison Compare(RelaunchStart v4Direct, RelaunchStart relaunched) =>
        new("lambda", "kernels", "mobilenet_v1", "warm", Start("aot-v3", 35, isa: "avx2"), v4Direct, relaunched);

    private static RelaunchStart Start(string build, double endToEndMs, string isa = "avx512", double[]? interval = null) =>
        new(build, isa, 5, new PhaseStats(endToEndMs / 4, endToEndMs / 3), new PhaseStats(endToEndMs, endToEndMs + 5, interval));
}

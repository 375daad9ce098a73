using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Verification;
using Toolkit.Bootstrap.Tests.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Verification;

/// <summary>How each platform's recommendation becomes instances on a 2-core machine, and what is capped.</summary>
public class ReplayFleetTests
{
    [Fact]
    public void Lambda_gets_the_memorys_quota_per_instance_and_no_more_instances_than_fit()
    {
        var fleet = ReplayFleet.For(Advice(ConfigurationAdvisor.Lambda, "1769 MB", new CandidateSettings(MemoryMb: 1769, Vcpu: 1), coldStarts: 3), machineCores: 2, TestPrices.Book)!;

        Assert.Equal(2, fleet.Instances);
        Assert.Equal(1.0, fleet.CoresPerInstance, 9);
        Assert.Equal(1, fleet.Threads);
        Assert.Equal(1, fleet.Concurrency);
        Assert.False(fleet.Pinned);
        Assert.Equal(1.0, fleet.LimitOf(1).Cores);
        Assert.Contains("the prediction started 3, this machine fits 2", fleet.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void SageMaker_max_concurrency_becomes_instances_capped_by_what_started_and_what_fits()
    {
        var fleet = ReplayFleet.For(Advice(ConfigurationAdvisor.SageMakerServerless, "1024 MB, MaxConcurrency 10", new CandidateSettings(MemoryMb: 1024, MaxConcurrency: 10), coldStarts: 2), 2, TestPrices.Book)!;

        // 1024 / 1769 = 0.579 vCPU each: three fit in 2 cores, but the prediction started only two.
        Assert.Equal(2, fleet.Instances);
        Assert.Equal(1024 / 1769.0, fleet.CoresPerInstance, 9);
        Assert.Contains("as many as the prediction started (2)", fleet.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloud_run_instances_are_pinned_and_vcpus_beyond_the_machine_are_capped()
    {
        var small = ReplayFleet.For(Advice(ConfigurationAdvisor.CloudRun, "1_1_1 (0.5 GiB)", new CandidateSettings(Instances: 1, Concurrency: 1, Vcpu: 1), coldStarts: 1), 2, TestPrices.Book)!;
        var large = ReplayFleet.For(Advice(ConfigurationAdvisor.CloudRun, "2_4_4 (2 GiB)", new CandidateSettings(Instances: 2, Concurrency: 4, Vcpu: 4), coldStarts: 2), 2, TestPrices.Book)!;

        Assert.Equal((1, 1, true), (small.Instances, small.Concurrency, small.Pinned));
        Assert.Equal([0], small.LimitOf(0).Cpus!);
        Assert.Equal((1, 4, 2.0), (large.Instances, large.Concurrency, large.CoresPerInstance));
        Assert.Contains("capped at this machine", large.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void No_recommendation_means_nothing_to_replay() =>
        Assert.Null(ReplayFleet.For(new PlatformAdvice(ConfigurationAdvisor.Lambda, null, [], 0, []), 2, TestPrices.Book));

    private static PlatformAdvice Advice(string platform, string config, CandidateSettings settings, int coldStarts) =>
        new(platform, new CandidateOutcome(config, settings, 50, 30, 1.0, 0, 100, coldStarts), [], 1, []);
}

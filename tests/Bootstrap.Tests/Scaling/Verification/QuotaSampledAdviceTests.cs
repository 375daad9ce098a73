using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;
using Toolkit.Bench.Scaling.Verification;
using Toolkit.Bootstrap.Tests.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Verification;

/// <summary>The wiring of <c>advise --verify</c>'s quota sampling: the quota a size is sampled under is the one it is replayed under, and the advisor reads it.</summary>
public class QuotaSampledAdviceTests
{
    // 20 ms at 1 core, 12 at 2 (Amdahl p = 0.8), a 150 ms cold start.
    private static readonly ServiceProfile Profile = new("synthetic", [18, 20, 22, 25], [11, 12, 13, 15], 150, "test profile", 602112, 4004);

    private static readonly AdviceRequest Request = new("synthetic", 100, new ArrivalPattern(10, 20, 20));

    [Theory]
    [InlineData(512, 2)]
    [InlineData(1024, 2)]
    [InlineData(1769, 2)]
    [InlineData(3008, 2)]
    [InlineData(5307, 2)]
    [InlineData(10240, 2)]
    [InlineData(10240, 4)]
    [InlineData(3008, 1)]
    public void A_size_is_sampled_on_its_replay_fleet_whose_quota_is_the_one_the_advisor_looks_up(int memoryMb, int machineCores)
    {
        var share = TestPrices.Book.Lambda.VcpuShare(memoryMb);
        var quota = new QuotaServiceTimes(machineCores);
        var fleet = QuotaSampledAdvice.Unsampled([Advice(ConfigurationAdvisor.Lambda, memoryMb)], quota, TestPrices.Book).Single();

        Assert.Equal(Math.Min(share, machineCores), fleet.CoresPerInstance, 3);
        Assert.Equal(QuotaServiceTimes.QuotaCores(share, machineCores), fleet.LimitOf(0).Cores!.Value, 3);
        Assert.Null(fleet.LimitOf(0).Cpus);
        Assert.Equal(QuotaServiceTimes.Threads(share, machineCores), fleet.Threads);
        Assert.Equal(new LambdaCpuShare(TestPrices.Book.Lambda).Threads(memoryMb, machineCores), fleet.Threads);

        quota.Add(fleet.CoresPerInstance, [20, 21, 22]);
        Assert.True(quota.Has(share));
        Assert.Equal(21, quota.At(Math.Min(share, machineCores), Profile)!.MeanMs, 9);
    }

    [Fact]
    public void The_recommended_sizes_are_sampled_once_per_quota_and_then_no_more()
    {
        var quota = new QuotaServiceTimes(machineCores: 2);
        var advice = ConfigurationAdvisor.Advise(Request, Profile, TestPrices.Book, quota);
        var lambdaMb = advice[0].Recommendation!.Settings.MemoryMb!.Value;

        var missing = QuotaSampledAdvice.Unsampled(advice, quota, TestPrices.Book);

        Assert.Contains(missing, f => f.Platform == ConfigurationAdvisor.Lambda && Math.Abs(f.CoresPerInstance - TestPrices.Book.Lambda.VcpuShare(lambdaMb)) < 1e-9);
        Assert.DoesNotContain(missing, f => f.Platform == ConfigurationAdvisor.CloudRun);
        Assert.Equal(missing.Count, missing.Select(f => quota.QuotaFor(f.CoresPerInstance)).Distinct().Count());
        foreach (var fleet in missing)
        {
            quota.Add(fleet.CoresPerInstance, [20, 21, 22]);
        }

        Assert.Empty(QuotaSampledAdvice.Unsampled(advice, quota, TestPrices.Book));
    }

    [Fact]
    public void Lambda_and_SageMaker_predictions_at_a_sampled_quota_come_from_its_samples_and_cloud_run_stays_pinned()
    {
        var pinned = ConfigurationAdvisor.Advise(Request, Profile, TestPrices.Book);
        var lambdaMb = pinned[0].Recommendation!.Settings.MemoryMb!.Value;
        var quota = new QuotaServiceTimes(machineCores: 2);
        // Stalls of a whole CFS period at the recommended size's quota: it must no longer meet 100 ms.
        quota.Add(quota.QuotaFor(TestPrices.Book.Lambda.VcpuShare(lambdaMb)), [150, 160, 170]);

        var sampled = ConfigurationAdvisor.Advise(Request, Profile, TestPrices.Book, quota);

        Assert.NotEqual(lambdaMb, sampled[0].Recommendation!.Settings.MemoryMb);
        Assert.Equal(pinned[2].Recommendation!.Config, sampled[2].Recommendation!.Config);
        Assert.Equal(pinned[2].Recommendation!.PredictedP95Ms, sampled[2].Recommendation!.PredictedP95Ms);
    }

    [Fact]
    public void Above_the_machines_cores_the_capped_samples_are_scaled_by_the_profiles_amdahl_fit()
    {
        var quota = new QuotaServiceTimes(machineCores: 2);
        quota.Add(2, [10]);

        var scaling = Profile.Scaling;
        Assert.Equal(10 * scaling.TimeFraction(4) / scaling.TimeFraction(2), quota.At(4, Profile)!.MeanMs, 9);
        Assert.Equal(10, quota.At(2, Profile)!.MeanMs, 9);
        Assert.Null(quota.At(1, Profile));
    }

    [Fact]
    public void A_poisson_workload_is_sampled_over_its_first_requests_with_another_seed_than_the_replay()
    {
        var workload = ArrivalPattern.Poisson(10, 60);

        var sampling = QuotaSampledAdvice.SamplingArrivals(workload, seed: 1);
        var replayed = workload.ArrivalTimesMs(new Random(1));

        Assert.Equal(QuotaSampledAdvice.SampleRequests, sampling.Count);
        Assert.Equal(sampling.Order(), sampling);
        Assert.NotEqual(replayed.Take(sampling.Count), sampling);
        // 150 arrivals at 10/s: about 15 s.
        Assert.InRange(sampling[^1], 10_000, 20_000);
    }

    [Fact]
    public void A_slow_poisson_workload_is_sampled_for_at_most_its_window_and_a_short_one_as_if_it_lasted_that_long()
    {
        var slow = QuotaSampledAdvice.SamplingArrivals(ArrivalPattern.Poisson(1, 600), seed: 3);
        var brief = QuotaSampledAdvice.SamplingArrivals(ArrivalPattern.Poisson(10, 2), seed: 3);

        Assert.All(slow, t => Assert.True(t < QuotaSampledAdvice.SampleSeconds * 1000));
        Assert.InRange(slow.Count, 10, 60);
        Assert.InRange(brief.Count, 100, QuotaSampledAdvice.SampleRequests);
    }

    [Fact]
    public void A_burst_is_sampled_whole_even_beyond_the_request_count()
    {
        Assert.Equal(Enumerable.Repeat(0.0, 48), QuotaSampledAdvice.SamplingArrivals(ArrivalPattern.BurstOf(48), seed: 1));
        var large = QuotaSampledAdvice.SamplingArrivals(new ArrivalPattern(200, 10, 60), seed: 1);
        Assert.Equal(200, large.Count(t => t == 0));
        Assert.Equal(200, large.Count);
    }

    private static PlatformAdvice Advice(string platform, int memoryMb) =>
        new(platform, new CandidateOutcome($"{memoryMb} MB", new CandidateSettings(MemoryMb: memoryMb), 50, 20, 1, 0, 100, 1), [], 1, []);
}

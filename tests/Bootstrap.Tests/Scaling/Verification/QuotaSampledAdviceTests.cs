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
    public void A_size_is_sampled_under_its_vcpu_share_capped_at_the_machine_as_the_replay_runs_it(int memoryMb, int machineCores)
    {
        var share = TestPrices.Book.Lambda.VcpuShare(memoryMb);
        var (limit, threads) = QuotaProbe.PlanFor(share, machineCores);
        var fleet = ReplayFleet.For(Advice(ConfigurationAdvisor.Lambda, memoryMb), machineCores, TestPrices.Book)!;

        Assert.Equal(Math.Min(share, machineCores), limit.Cores!.Value, 3);
        Assert.Null(limit.Cpus);
        Assert.Equal(fleet.CoresPerInstance, limit.Cores!.Value, 3);
        Assert.Equal(fleet.Threads, threads);
        Assert.Equal(new LambdaCpuShare(TestPrices.Book.Lambda).Threads(memoryMb, machineCores), threads);
    }

    [Fact]
    public void The_recommended_sizes_are_sampled_once_per_quota_and_then_no_more()
    {
        var quota = new QuotaServiceTimes(machineCores: 2);
        var advice = ConfigurationAdvisor.Advise(Request, Profile, TestPrices.Book, quota);
        var lambdaMb = advice[0].Recommendation!.Settings.MemoryMb!.Value;

        var missing = QuotaSampledAdvice.Unsampled(advice, quota, TestPrices.Book);

        Assert.Contains(TestPrices.Book.Lambda.VcpuShare(lambdaMb), missing);
        Assert.Equal(missing.Count, missing.Select(quota.QuotaFor).Distinct().Count());
        foreach (var share in missing)
        {
            quota.Add(quota.QuotaFor(share), [20, 21, 22]);
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
    public void Samples_idle_between_requests_as_long_as_the_workload_on_average_and_not_at_all_for_a_burst()
    {
        Assert.Equal(100, QuotaSampledAdvice.IdleMeanMs(ArrivalPattern.Poisson(10, 60)), 9);
        Assert.Equal(0, QuotaSampledAdvice.IdleMeanMs(ArrivalPattern.BurstOf(48)));
    }

    private static PlatformAdvice Advice(string platform, int memoryMb) =>
        new(platform, new CandidateOutcome($"{memoryMb} MB", new CandidateSettings(MemoryMb: memoryMb), 50, 20, 1, 0, 100, 1), [], 1, []);
}

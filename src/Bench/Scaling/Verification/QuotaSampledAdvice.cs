using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// The advice <c>advise --verify</c> replays: Lambda and SageMaker Serverless recommendations predicted from service
/// times sampled under the quota their memory buys, not from the pinned profile. A quota is sampled as the replay will
/// run it: the recommendation's <see cref="ReplayFleet"/> (as many quota-limited instances as fit, beside the load
/// generator) fed the workload's own arrival process, with another seed than the replay's, each request's round trip
/// kept as a service time. Both matter:
/// <list type="bullet">
/// <item>a quota is a CPU budget per 100 ms period, not a slower CPU, so how often a request stalls depends on how busy
/// the instance is (back to back at a 0.58-core quota, 15 of 40 periods throttled and the p95 three times the median);</item>
/// <item>three 0.58-core instances and the client share two cores: one instance sampled alone had a p95 of 34 ms, the
/// three-instance replay 58 ms.</item>
/// </list>
/// Only the quotas a recommendation lands on are sampled, not a grid: the stall a quota causes does not interpolate
/// between quotas, and each costs a fleet start and seconds of requests. So: advise from the pinned profile, sample
/// the recommended sizes' quotas, advise again, until every recommendation's quota has been sampled.
/// </summary>
public static class QuotaSampledAdvice
{
    /// <summary>A sampling replays the workload's first this many requests ...</summary>
    public const int SampleRequests = 150;

    /// <summary>... or its first this many seconds, whichever ends first.</summary>
    public const double SampleSeconds = 30;

    // Rounds of sample-then-advise; each moves a recommendation up one size at most in practice (two rounds sufficed
    // for mobilenet_v1 at 100 ms), this bounds a pathological profile.
    private const int MaxRounds = 4;

    /// <summary>
    /// The arrivals service times are sampled with, for a quota here and beside each replay in
    /// <see cref="AdviceVerifier"/>: the workload's arrival process drawn with <paramref name="seed"/> + 1 (not
    /// the arrivals the replay then measures), its first <see cref="SampleRequests"/> requests or
    /// <see cref="SampleSeconds"/>, and at least its burst; the Poisson part is drawn as if it lasted long enough.
    /// </summary>
    public static List<double> SamplingArrivals(ArrivalPattern workload, int seed)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var untilMs = SampleSeconds * 1000;
        var drawn = (workload with { DurationSeconds = workload.RatePerSecond > 0 ? SampleSeconds : 0 }).ArrivalTimesMs(new Random(seed + 1));
        return [.. drawn.Where((t, i) => t == 0 || (i < SampleRequests && t < untilMs))];
    }

    public static async Task<(IReadOnlyList<PlatformAdvice> Advice, QuotaServiceTimes Quota)> AdviseAsync(
        BootstrapBuild build, string engine, AdviceRequest request, ServiceProfile profile, PriceBook prices, CancellationToken cancellationToken)
    {
        var quota = new QuotaServiceTimes(Environment.ProcessorCount);
        var advice = ConfigurationAdvisor.Advise(request, profile, prices, quota);
        var arrivals = SamplingArrivals(request.Workload, request.Seed);
        for (var round = 0; round < MaxRounds; round++)
        {
            var missing = Unsampled(advice, quota, prices);
            if (missing.Count == 0)
            {
                break;
            }

            Console.WriteLine($"advise: round {round + 1}: {string.Join(", ", advice.Select(a => $"{a.Platform} {a.Recommendation?.Config ?? "none"} (p95 {a.Recommendation?.PredictedP95Ms:F1} ms)"))}; sampling {missing.Count} quota(s) not yet sampled ...");
            foreach (var fleet in missing)
            {
                var run = (await fleet.ReplayAsync(build, engine, request.Model, [arrivals], cancellationToken).ConfigureAwait(false))[0];
                var samples = run.ServiceTimesMs;
                quota.Add(fleet.CoresPerInstance, samples);
                var summary = LatencySamples.From(samples);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"advise: {request.Model} under a {fleet.CoresPerInstance:0.###}-core quota ({fleet.Platform} {fleet.Config}: {fleet.Instances} instance(s), {fleet.Threads} thread(s)): {samples.Length} round trips of the workload's arrivals (seed {request.Seed + 1}), median {summary.MedianMs:F1} / p95 {summary.P95Ms:F1} ms, throttled {run.ThrottledPeriods} period(s), {run.ThrottledMs:F0} ms"));
            }

            advice = ConfigurationAdvisor.Advise(request, profile, prices, quota);
        }

        return (advice, quota);
    }

    /// <summary>The replay fleets of the Lambda and SageMaker recommendations whose quota has no samples yet, one per quota.</summary>
    public static List<ReplayFleet> Unsampled(IEnumerable<PlatformAdvice> advice, QuotaServiceTimes quota, PriceBook prices)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(prices);
        var fleets = new List<ReplayFleet>();
        foreach (var platform in advice.Where(a => a.Platform is ConfigurationAdvisor.Lambda or ConfigurationAdvisor.SageMakerServerless))
        {
            if (ReplayFleet.For(platform, quota.MachineCores, prices) is { } fleet && !quota.Has(fleet.CoresPerInstance)
                && !fleets.Any(f => quota.QuotaFor(f.CoresPerInstance) == quota.QuotaFor(fleet.CoresPerInstance)))
            {
                fleets.Add(fleet);
            }
        }

        return fleets;
    }
}

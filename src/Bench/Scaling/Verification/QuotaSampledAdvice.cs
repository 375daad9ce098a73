using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Verification;

/// <summary>
/// The advice <c>advise --verify</c> replays: Lambda and SageMaker Serverless recommendations predicted from service
/// times sampled under the quota their memory buys (<see cref="QuotaProbe"/>), not from the pinned profile. Only the
/// quotas a recommendation lands on are sampled, not a grid: the stall a quota causes depends on how the bootstrap's
/// other threads share the 100 ms period with inference, which does not interpolate between quotas, and each
/// quota costs a bootstrap start and a few seconds of requests. So: advise from the pinned profile, sample the
/// recommended sizes' quotas, advise again, until every recommendation's quota has been sampled (the quota samples
/// are slower, so a recommendation can only move to a larger size, whose quota is then sampled in turn).
/// </summary>
public static class QuotaSampledAdvice
{
    // Round trips per quota: as many as the pinned profile takes per core count (a p95 from 40 is its 2nd largest).
    public const int SamplesPerQuota = 40;

    /// <summary>
    /// The mean idle gap between sampled requests: the workload's mean inter-arrival time, as the busiest environment
    /// sees it (Lambda and SageMaker reuse the first free environment, so the first takes every request it is free
    /// for); back to back for a burst, where requests queue.
    /// </summary>
    public static double IdleMeanMs(ArrivalPattern workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.RatePerSecond > 0 ? 1000 / workload.RatePerSecond : 0;
    }

    // Rounds of sample-then-advise; each moves a recommendation up one size at most in practice (two rounds sufficed
    // for mobilenet_v1 at 100 ms), this bounds a pathological profile.
    private const int MaxRounds = 4;

    public static async Task<(IReadOnlyList<PlatformAdvice> Advice, QuotaServiceTimes Quota, List<QuotaSample> Samples)> AdviseAsync(
        BootstrapBuild build, string engine, AdviceRequest request, ServiceProfile profile, PriceBook prices, CancellationToken cancellationToken)
    {
        var quota = new QuotaServiceTimes(Environment.ProcessorCount);
        var samples = new List<QuotaSample>();
        var advice = ConfigurationAdvisor.Advise(request, profile, prices, quota);
        for (var round = 0; round < MaxRounds; round++)
        {
            var missing = Unsampled(advice, quota, prices);
            if (missing.Count == 0)
            {
                break;
            }

            Console.WriteLine($"advise: round {round + 1}: {string.Join(", ", advice.Select(a => $"{a.Platform} {a.Recommendation?.Config ?? "none"} (p95 {a.Recommendation?.PredictedP95Ms:F1} ms)"))}; sampling {missing.Count} quota(s) not yet sampled ...");
            foreach (var vcpus in missing)
            {
                var sample = await QuotaProbe.SampleAsync(build, engine, request.Model, vcpus, SamplesPerQuota, IdleMeanMs(request.Workload), request.Seed, cancellationToken).ConfigureAwait(false);
                quota.Add(sample.QuotaCores, sample.SamplesMs);
                samples.Add(sample);
            }

            advice = ConfigurationAdvisor.Advise(request, profile, prices, quota);
        }

        return (advice, quota, samples);
    }

    /// <summary>The vCPU shares of the Lambda and SageMaker recommendations whose quota has no samples yet, one per quota.</summary>
    public static List<double> Unsampled(IEnumerable<PlatformAdvice> advice, QuotaServiceTimes quota, PriceBook prices)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(prices);
        var shares = new List<double>();
        foreach (var platform in advice)
        {
            if (platform.Recommendation?.Settings.MemoryMb is not { } memoryMb)
            {
                continue;
            }

            double? vcpus = platform.Platform switch
            {
                ConfigurationAdvisor.Lambda => prices.Lambda.VcpuShare(memoryMb),
                ConfigurationAdvisor.SageMakerServerless => prices.SageMakerServerless.VcpuShare(memoryMb),
                _ => null,
            };
            if (vcpus is { } share && !quota.Has(share) && !shares.Any(s => quota.QuotaFor(s) == quota.QuotaFor(share)))
            {
                shares.Add(share);
            }
        }

        return shares;
    }
}

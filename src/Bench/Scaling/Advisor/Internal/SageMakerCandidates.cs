using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor.Internal;

/// <summary>
/// SageMaker Serverless configurations: memory size × MaxConcurrency. Like Lambda, each worker takes one request at a
/// time and requests past MaxConcurrency are throttled; the CPU share is assumed to follow Lambda's 1769 MB rule.
/// </summary>
internal static class SageMakerCandidates
{
    // MaxConcurrency values a user would try, from the minimum to the per-endpoint maximum.
    private static readonly int[] MaxConcurrencies = [1, 2, 5, 10, 20, 50, 100, 200];

    public const string Notes = "SageMaker Serverless: one request per worker, workers reused before new ones start (cold), throttled past MaxConcurrency; CPU share assumed = memory/1769 MB as on Lambda (AWS publishes no ratio); billed = inference duration (1 ms) + data in/out per GB; cold start not billed.";

    public static IEnumerable<PlannedCandidate> Plan(ServiceProfile profile, SageMakerServerlessPrices prices, QuotaServiceTimes? quota = null)
    {
        foreach (var memoryMb in prices.MemorySizesMb.Where(m => m >= profile.MemoryFloorMb))
        {
            var share = prices.VcpuShare(memoryMb);
            foreach (var maxConcurrency in MaxConcurrencies.Where(c => c <= prices.MaxConcurrency.Value))
            {
                yield return new PlannedCandidate(
                    $"{memoryMb} MB, MaxConcurrency {maxConcurrency}",
                    new CandidateSettings(MemoryMb: memoryMb, MaxConcurrency: maxConcurrency, Vcpu: Math.Round(share, 3)),
                    new ClusterConfig(maxConcurrency, 1, share, RoutingPolicy.FillFirst, OverflowPolicy.Reject),
                    quota?.At(share, profile) ?? profile.ServiceTimeAt(share),
                    profile.ColdStartMs / Math.Min(1, share),
                    result => SageMakerServerlessCost.Bill(prices, memoryMb, result.ServiceDurationsMs(includeColdStart: false), profile.RequestBytes, profile.ResponseBytes));
            }
        }
    }
}

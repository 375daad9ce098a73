using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor.Internal;

/// <summary>
/// Lambda configurations: one per memory size. Each execution environment takes one request at a time (concurrency 1),
/// environments are reused before new ones start, and past the account's concurrency limit invocations are throttled.
/// CPU share = memory / 1769 MB (fractional below: service and cold start stretch by 1 / share).
/// </summary>
internal static class LambdaCandidates
{
    // The sizes a user would try: powers of two, the old 3008 MB cap, and the whole-vCPU points of the 1769 MB rule.
    private static readonly int[] MemorySizesMb = [128, 256, 512, 768, 1024, 1536, 1769, 2048, 3008, 3538, 4096, 5307, 6144, 7076, 8192, 8848, 10240];

    public const string Notes = "Lambda: one request per execution environment, environments reused before new ones start (cold), throttled past the account concurrency limit; CPU share = memory/1769 MB (below 1: service and cold start × 1/share; 1–2: Amdahl on the 1-core samples; above 2: Amdahl on the 2-core samples); billed duration = service (+ init on a cold start), 1 ms granularity.";

    public static IEnumerable<PlannedCandidate> Plan(ServiceProfile profile, LambdaPrices prices, QuotaServiceTimes? quota = null)
    {
        var limit = (int)prices.DefaultConcurrencyLimit.Value;
        foreach (var memoryMb in MemorySizesMb.Where(m => m >= prices.MinMemoryMb.Value && m <= prices.MaxMemoryMb.Value && m >= profile.MemoryFloorMb))
        {
            var share = prices.VcpuShare(memoryMb);
            var cluster = new ClusterConfig(limit, 1, share, RoutingPolicy.FillFirst, OverflowPolicy.Reject);
            yield return new PlannedCandidate(
                $"{memoryMb} MB",
                new CandidateSettings(MemoryMb: memoryMb, Vcpu: Math.Round(share, 3)),
                cluster,
                quota?.At(share, profile) ?? profile.ServiceTimeAt(share),
                profile.ColdStartMs / Math.Min(1, share),
                result => LambdaCost.Bill(prices, memoryMb, result.ServiceDurationsMs(includeColdStart: true)));
        }
    }
}

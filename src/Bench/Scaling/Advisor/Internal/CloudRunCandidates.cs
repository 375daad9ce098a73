using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor.Internal;

/// <summary>
/// Cloud Run configurations: max instances × concurrency × vCPU, each with the smallest memory Cloud Run accepts for the
/// vCPU count that also holds the model. Instances start cold when first needed; started instances with a free slot are
/// used before a new one starts; requests wait at the front end when every slot is taken.
/// </summary>
internal static class CloudRunCandidates
{
    // Fleet sizes and concurrencies a user would try: the paper's (6, 12, 24 instances; concurrency 2, 4, 8) and the
    // powers of two around them, up to Cloud Run's default max instances (100) and default concurrency (80).
    private static readonly int[] InstanceCounts = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100];
    private static readonly int[] Concurrencies = [1, 2, 4, 8, 16, 32, 80];

    public const string Notes = "Cloud Run: instances = max instances, started cold when every started one is full; each runs one inference at a time with all its vCPUs (Amdahl beyond 2 cores); requests past every slot wait at the front end; request-based billing of (start-up + time with a request in flight) per instance, each interval rounded up to 100 ms, + $0.40/M requests.";

    public static IEnumerable<PlannedCandidate> Plan(ServiceProfile profile, CloudRunPrices prices)
    {
        var floorGib = profile.MemoryFloorMb / 1024.0;
        foreach (var vcpu in prices.CpuMemory.Combinations.Select(c => c.Vcpu).Order())
        {
            var memoryGib = Math.Max(floorGib, prices.MinMemoryGib(vcpu) ?? floorGib);
            if (!prices.IsValid(vcpu, memoryGib))
            {
                continue;
            }

            foreach (var instances in InstanceCounts)
            {
                foreach (var concurrency in Concurrencies.Where(c => c <= prices.MaxConcurrency.Value))
                {
                    var cluster = new ClusterConfig(instances, concurrency, vcpu, RoutingPolicy.FillFirst, OverflowPolicy.QueueAtDispatcher);
                    yield return new PlannedCandidate(
                        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cluster.Label} ({memoryGib:0.##} GiB)"),
                        new CandidateSettings(Instances: instances, Concurrency: concurrency, Vcpu: vcpu, MemoryGib: memoryGib),
                        cluster,
                        profile.ServiceTimeAt(vcpu),
                        profile.ColdStartMs,
                        result => CloudRunCost.Bill(prices, CloudRunBilling.Request, vcpu, memoryGib, result.BusyIntervalsMs, result.CompletedCount));
                }
            }
        }
    }
}

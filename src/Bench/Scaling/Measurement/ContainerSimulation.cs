using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// One configuration simulated as it ran here: every instance warm, the dispatcher's least-loaded routing, overflow
/// waiting at the dispatcher, the burst at t = 0; pooled over several seeds, as the real runs pool several bursts.
/// Billed with Cloud Run's request-based rules at the smallest memory Cloud Run accepts for the vCPUs.
/// </summary>
public static class ContainerSimulation
{
    public static (LatencySamples LatencyMs, double? CostPerMillionUsd) Run(ContainerConfig config, int burst, ServiceProfile profile, CloudRunPrices prices, int seeds)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(profile);
        var cluster = new ClusterConfig(config.Instances, config.Concurrency, config.CoresPerInstance, RoutingPolicy.LeastLoaded, OverflowPolicy.QueueAtDispatcher, WarmInstances: config.Instances);
        var results = Enumerable.Range(1, seeds).Select(seed => Simulator.Run(cluster, ArrivalPattern.BurstOf(burst), profile, seed)).ToList();
        var latencies = LatencySamples.From(results.SelectMany(r => r.Requests.Where(q => !q.Rejected).Select(q => q.LatencyMs)));
        var intervals = results.SelectMany(r => r.BusyIntervalsMs).ToArray();
        return (latencies, CostPerMillionUsd(config, profile, prices, intervals, results.Sum(r => r.CompletedCount)));
    }

    /// <summary>The Cloud Run bill for these busy intervals per million requests; null when Cloud Run offers no such vCPU count.</summary>
    public static double? CostPerMillionUsd(ContainerConfig config, ServiceProfile profile, CloudRunPrices prices, IReadOnlyCollection<double> busyIntervalsMs, long requests)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(prices);
        var memoryGib = MemoryGib(config, profile, prices);
        return memoryGib is { } gib && prices.IsValid(config.CoresPerInstance, gib)
            ? CloudRunCost.Bill(prices, CloudRunBilling.Request, config.CoresPerInstance, gib, busyIntervalsMs, requests).PerMillionRequestsUsd
            : null;
    }

    /// <summary>The smallest memory Cloud Run accepts with the configuration's vCPUs that still holds the model (as the advisor picks).</summary>
    public static double? MemoryGib(ContainerConfig config, ServiceProfile profile, CloudRunPrices prices)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(prices);
        var floorGib = profile.MemoryFloorMb / 1024.0;
        return prices.MinMemoryGib(config.CoresPerInstance) is { } min ? Math.Max(floorGib, min) : null;
    }
}

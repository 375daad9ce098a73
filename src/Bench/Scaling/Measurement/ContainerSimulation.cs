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
    /// <summary>Simulates <paramref name="seeds"/> bursts from one profile, every instance drawing from its cores' distribution.</summary>
    public static (LatencySamples LatencyMs, double? CostPerMillionUsd) Run(ContainerConfig config, int burst, ServiceProfile profile, CloudRunPrices prices, int seeds)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(profile);
        return Run(config, burst, [[profile.ServiceTimeAt(config.CoresPerInstance)]], profile, prices, seeds);
    }

    /// <summary>
    /// Simulates <paramref name="seeds"/> bursts per entry of <paramref name="perBurst"/> and pools them. Each entry
    /// holds the service-time distributions of a real burst, per instance (instance i draws from entry[i mod count]),
    /// sampled around that burst, so each simulated burst sees the speed of the cores in the burst it predicts.
    /// </summary>
    public static (LatencySamples LatencyMs, double? CostPerMillionUsd) Run(ContainerConfig config, int burst, IReadOnlyList<IReadOnlyList<IServiceTimeDistribution>> perBurst, ServiceProfile profile, CloudRunPrices prices, int seeds)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(perBurst);
        ArgumentOutOfRangeException.ThrowIfZero(perBurst.Count);
        var cluster = new ClusterConfig(config.Instances, config.Concurrency, config.CoresPerInstance, RoutingPolicy.LeastLoaded, OverflowPolicy.QueueAtDispatcher, WarmInstances: config.Instances);
        var results = perBurst.SelectMany(distributions => Enumerable.Range(1, seeds).Select(seed =>
            Simulator.Run(cluster, ArrivalPattern.BurstOf(burst), distributions, profile.ColdStartMs, seed))).ToList();
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

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
    /// <summary>
    /// Simulates <paramref name="seeds"/> bursts per profile and pools them: one profile per real burst, sampled just
    /// before it, so each simulated burst sees the machine's speed of the burst it predicts; or one profile for all.
    /// <paramref name="neighbourBusy"/>: the instances are 1-core processes on neighbouring cores of this machine, so
    /// they draw from the profile's shared 1-core samples (<see cref="ServiceProfile.ServiceTimeAt(double, bool)"/>).
    /// </summary>
    public static (LatencySamples LatencyMs, double? CostPerMillionUsd) Run(ContainerConfig config, int burst, IReadOnlyList<ServiceProfile> profiles, CloudRunPrices prices, int seeds, bool neighbourBusy = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentOutOfRangeException.ThrowIfZero(profiles.Count);
        var cluster = new ClusterConfig(config.Instances, config.Concurrency, config.CoresPerInstance, RoutingPolicy.LeastLoaded, OverflowPolicy.QueueAtDispatcher, WarmInstances: config.Instances);
        var results = profiles.SelectMany(profile => Enumerable.Range(1, seeds).Select(seed =>
            Simulator.Run(cluster, ArrivalPattern.BurstOf(burst), profile.ServiceTimeAt(config.CoresPerInstance, neighbourBusy), profile.ColdStartMs, seed))).ToList();
        var profileForBill = profiles[0];
        var latencies = LatencySamples.From(results.SelectMany(r => r.Requests.Where(q => !q.Rejected).Select(q => q.LatencyMs)));
        var intervals = results.SelectMany(r => r.BusyIntervalsMs).ToArray();
        return (latencies, CostPerMillionUsd(config, profileForBill, prices, intervals, results.Sum(r => r.CompletedCount)));
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

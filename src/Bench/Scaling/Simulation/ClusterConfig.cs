using System.Globalization;

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>
/// A fleet to simulate: <see cref="Instances"/> (the most the platform may start), each admitting up to
/// <see cref="ConcurrencyPerInstance"/> requests and running them one at a time on its engine with
/// <see cref="CoresPerInstance"/> cores. <see cref="Label"/> is the paper's notation, instances_concurrency_cores.
/// </summary>
public sealed record ClusterConfig(
    int Instances,
    int ConcurrencyPerInstance,
    double CoresPerInstance,
    RoutingPolicy Routing = RoutingPolicy.LeastLoaded,
    OverflowPolicy Overflow = OverflowPolicy.QueueAtDispatcher,
    int WarmInstances = 0)
{
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Instances}_{ConcurrencyPerInstance}_{CoresPerInstance:0.##}");

    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, cores are not positive, or more warm instances than instances.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Instances, 1, nameof(Instances));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrencyPerInstance, 1, nameof(ConcurrencyPerInstance));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CoresPerInstance, nameof(CoresPerInstance));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmInstances, nameof(WarmInstances));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WarmInstances, Instances, nameof(WarmInstances));
    }
}

/// <summary>Which instance the dispatcher gives a request to, among those with a free concurrency slot.</summary>
public enum RoutingPolicy
{
    /// <summary>
    /// The one with the fewest requests in flight, started or not (lowest index on ties): spreads a burst evenly, as
    /// Cloud Run with min instances does and as the real-run dispatcher of <c>scaling containers</c> does.
    /// </summary>
    LeastLoaded,

    /// <summary>
    /// A started instance first (the least loaded of those), a new one only when every started one is full: how FaaS
    /// reuses a warm execution environment before creating another (Lambda, SageMaker Serverless).
    /// </summary>
    FillFirst,
}

/// <summary>What happens to a request when every instance's concurrency slots are taken.</summary>
public enum OverflowPolicy
{
    /// <summary>It waits, FIFO, at the dispatcher for a free slot (Cloud Run holds pending requests up to its timeout).</summary>
    QueueAtDispatcher,

    /// <summary>It is rejected at once (Lambda past its concurrency limit and SageMaker past MaxConcurrency throttle with 429).</summary>
    Reject,
}

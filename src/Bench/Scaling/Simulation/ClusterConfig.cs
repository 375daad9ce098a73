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

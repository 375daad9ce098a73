using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>What the user asks: the cheapest configuration per platform whose predicted p95 meets <see cref="TargetP95Ms"/> under <see cref="Workload"/>.</summary>
public sealed record AdviceRequest(string Model, double TargetP95Ms, ArrivalPattern Workload, int Seed = 1)
{
    /// <summary>The workload when the user gives neither a rate nor a burst: a steady 10 requests/s for a minute.</summary>
    public static ArrivalPattern DefaultWorkload { get; } = ArrivalPattern.Poisson(10, 60);
}

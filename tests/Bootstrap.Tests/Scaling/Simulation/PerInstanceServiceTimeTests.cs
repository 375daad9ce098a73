using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bootstrap.Tests.Scaling.Simulation;

/// <summary>
/// Instances that keep their own speed (cores of a shared machine, each slowed by its own neighbours): with a
/// concurrency of 1 the dispatcher hands the next request to whichever instance is free, so the fast one serves more,
/// and the burst ends sooner than if every request drew from the pooled samples.
/// </summary>
public class PerInstanceServiceTimeTests
{
    [Fact]
    public void A_fast_and_a_slow_instance_keep_their_speeds()
    {
        IServiceTimeDistribution[] speeds = [new EmpiricalServiceTime([10]), new EmpiricalServiceTime([30])];
        var result = Simulator.Run(new ClusterConfig(2, 1, 1, WarmInstances: 2), ArrivalPattern.BurstOf(40), speeds, coldStartMs: 0);

        // Together they serve 1/10 + 1/30 requests per ms: 40 requests take 300 ms, 30 on the fast one, 10 on the slow.
        Assert.Equal(300, result.MakespanMs, 9);
        Assert.InRange(result.Requests.Count(r => r.Instance == 0), 29, 31);
        Assert.All(result.Requests, r => Assert.Equal(r.Instance == 0 ? 10 : 30, r.ServiceMs, 9));
    }

    [Fact]
    public void Pooled_draws_from_the_same_samples_take_longer()
    {
        var perInstance = Simulator.Run(new ClusterConfig(2, 1, 1, WarmInstances: 2), ArrivalPattern.BurstOf(40), [new EmpiricalServiceTime([10]), new EmpiricalServiceTime([30])], 0, seed: 3);
        var pooled = Simulator.Run(new ClusterConfig(2, 1, 1, WarmInstances: 2), ArrivalPattern.BurstOf(40), new EmpiricalServiceTime([10, 30]), 0, seed: 3);

        // Pooled, each request costs 20 ms on average: about 40 x 20 / 2 = 400 ms against 300.
        Assert.True(pooled.MakespanMs > perInstance.MakespanMs * 1.15, $"pooled {pooled.MakespanMs} ms, per instance {perInstance.MakespanMs} ms");
    }
}

using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

/// <summary>A real configuration end to end: bootstrap processes (the JIT build beside the tests) pinned by cgroups.</summary>
[Collection(CgroupTests.Name)]
public class BurstDispatcherTests
{
    [Fact]
    public async Task A_burst_is_spread_over_the_instances_within_their_concurrency()
    {
        var config = ContainerConfig.Parse("2_2_1");
        var bursts = 0;

        var run = await new ContainerMeasurement(BootstrapBuild.Jit, "transport-only", bursts: 1)
            .RunAsync("mobilenet_v1", config, burstSize: 12, instances => Task.FromResult(bursts += instances.Count == config.Instances ? 1 : 100), CancellationToken.None);

        // The step runs on the configuration's instances before the burst and once after it, so the burst is bracketed by samples.
        Assert.Equal(2, bursts);
        Assert.Equal(12, run.Samples.Count);
        Assert.All(run.Samples, s => Assert.Null(s.Error));
        // Each freed slot takes the next request, so both instances keep serving; how many each serves follows which
        // finishes first.
        Assert.InRange(run.Samples.Count(s => s.Instance == 0), 3, 9);
        // Four slots: the first four go at once, the rest wait for one to free up.
        Assert.All(run.Samples.Take(4), s => Assert.True(s.DispatchWaitMs < s.LatencyMs));
        Assert.All(run.Samples.Skip(4), s => Assert.True(s.DispatchWaitMs >= run.Samples.Take(4).Min(f => f.LatencyMs) - 1));
    }
}

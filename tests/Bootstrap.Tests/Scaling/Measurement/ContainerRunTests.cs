using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

public class ContainerRunTests
{
    [Fact]
    public void Busy_intervals_merge_overlapping_requests_per_instance_and_burst()
    {
        // Burst 1: instance 0 serves [0, 10] and [5, 20] (one stretch of 20 ms) then [30, 40]; instance 1 serves [0, 12].
        // Burst 2 (times restart at its own start): instance 0 serves [0, 8].
        BurstSample[] samples =
        [
            new(0, 0, 0, 10, 10), new(1, 0, 5, 20, 10), new(2, 0, 30, 40, 10), new(3, 1, 0, 12, 12),
            new(0, 0, 0, 8, 8), new(1, 0, 1, 8, 7), new(2, 0, 2, 8, 6), new(3, 0, 3, 8, 5),
        ];
        var run = new ContainerRun(ContainerConfig.Parse("2_2_1"), BurstSize: 4, Bursts: 2, samples);

        Assert.Equal([20.0, 10.0, 12.0, 8.0], run.BusyIntervalsMs());
    }

    [Fact]
    public void Back_to_back_requests_on_one_instance_are_one_stretch_and_a_real_gap_is_not()
    {
        // Concurrency 1: [0, 25], then dispatched 0.4 ms after that answer [25.4, 50], then after a 10 ms gap [60, 85].
        BurstSample[] samples = [new(0, 0, 0, 25, 25), new(1, 0, 25.4, 50, 24.6), new(2, 0, 60, 85, 25)];
        var run = new ContainerRun(ContainerConfig.Parse("1_1_1"), BurstSize: 3, Bursts: 1, samples);

        Assert.Equal([50.0, 25.0], run.BusyIntervalsMs());
    }

    [Fact]
    public void Latency_statistics_pool_every_burst()
    {
        BurstSample[] samples = [.. Enumerable.Range(1, 20).Select(i => new BurstSample(i, 0, 0, i, 1))];
        var run = new ContainerRun(ContainerConfig.Parse("1_1_1"), BurstSize: 10, Bursts: 2, samples);

        Assert.Equal(10, run.LatencyMs.MedianMs);
        Assert.Equal(19, run.LatencyMs.P95Ms);
    }

    [Fact]
    public void The_burst_is_scaled_down_only_when_one_core_would_take_over_six_seconds()
    {
        var plan = new ContainerPlan([], [], Burst: 48, Bursts: 5, ProfileSamples: 40, ColdStarts: 3, Seeds: 20);

        Assert.Equal(48, plan.BurstFor(serviceMsOneCore: 100));
        Assert.Equal(20, plan.BurstFor(serviceMsOneCore: 300));
        Assert.Equal(12, plan.BurstFor(serviceMsOneCore: 5000));
    }
}

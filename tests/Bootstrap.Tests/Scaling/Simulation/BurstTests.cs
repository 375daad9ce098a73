using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;
using Toolkit.Bootstrap.Tests.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Simulation;

/// <summary>
/// The paper's burst of 48 with fixed service times, so each result can be worked out by hand: 100 ms at 1 core and 60 ms
/// at 2 give Amdahl p = 0.8, so 8 cores take 60 × (0.2 + 0.1) / (0.2 + 0.4) = 30 ms. Each instance runs its requests
/// one after another, so with n per instance the k-th finishes at k × t.
/// </summary>
public class BurstTests
{
    private static readonly ServiceProfile Profile = new("synthetic", [100], [60], ColdStartMs: 100);

    [Fact]
    public void Packing_8_requests_per_instance_queues_them_behind_the_engine()
    {
        var result = Simulator.Run(new ClusterConfig(6, 8, 8, WarmInstances: 6), ArrivalPattern.BurstOf(48), Profile);

        // 6 instances x 8 requests, finishing at 30, 60, ..., 240 ms: median (24th of 48) 120 ms, p95 (46th) 240 ms.
        Assert.Equal(120, result.LatencyMedianMs, 9);
        Assert.Equal(240, result.LatencyP95Ms, 9);
        Assert.All(result.Requests, r => Assert.Equal(30, r.ServiceMs, 9));
    }

    [Fact]
    public void More_instances_beat_more_cores_at_the_same_total_and_cost_no_more()
    {
        var burst = ArrivalPattern.BurstOf(48);
        var wide = Simulator.Run(new ClusterConfig(24, 2, 2, WarmInstances: 24), burst, Profile);
        var tall = Simulator.Run(new ClusterConfig(12, 4, 4, WarmInstances: 12), burst, Profile);
        var packed = Simulator.Run(new ClusterConfig(6, 8, 8, WarmInstances: 6), burst, Profile);

        // 24_2_2: 2 per instance at 60 ms -> p95 120 ms. 12_4_4: 4 per instance at 60 x 0.4 / 0.6 = 40 ms -> p95 160 ms.
        Assert.Equal(120, wide.LatencyP95Ms, 9);
        Assert.Equal(160, tall.LatencyP95Ms, 9);
        Assert.True(wide.LatencyP95Ms < tall.LatencyP95Ms && tall.LatencyP95Ms < packed.LatencyP95Ms);

        // Request-billed with 1 GiB per vCPU: 24 instances x 120 ms -> 200 ms x 2 vCPU = 9.6 vCPU-s (and 9.6 GiB-s);
        // 12 x 160 ms -> 200 ms x 4 = 9.6; 6 x 240 ms -> 300 ms x 8 = 14.4. At the same total of cores the wide fleet
        // costs no more than the tall one, and less than the packed one.
        double Cost(SimulationResult r, int vcpu) =>
            CloudRunCost.Bill(TestPrices.CloudRun, CloudRunBilling.Request, vcpu, vcpu, r.BusyIntervalsMs, r.CompletedCount).TotalUsd;
        Assert.Equal(Cost(tall, 4), Cost(wide, 2), 12);
        Assert.True(Cost(wide, 2) < Cost(packed, 8));
    }

    [Fact]
    public void A_cold_fleet_adds_the_cold_start_to_every_first_wave_request()
    {
        var result = Simulator.Run(new ClusterConfig(6, 8, 8), ArrivalPattern.BurstOf(48), Profile);

        Assert.Equal(100 + 240, result.LatencyP95Ms, 9);
        Assert.Equal(6, result.InstancesStarted);
        Assert.Equal(6, result.Requests.Count(r => r.ColdStartMs > 0));
    }

    [Fact]
    public void Fill_first_routing_uses_a_started_instance_before_starting_another()
    {
        var result = Simulator.Run(new ClusterConfig(6, 8, 8, RoutingPolicy.FillFirst), ArrivalPattern.BurstOf(12), Profile);

        Assert.Equal(2, result.InstancesStarted);
        Assert.Equal(8, result.Requests.Count(r => r.Instance == 0));
    }

    [Fact]
    public void Requests_past_every_slot_wait_at_the_dispatcher_or_are_rejected()
    {
        var queued = Simulator.Run(new ClusterConfig(2, 1, 2, WarmInstances: 2), ArrivalPattern.BurstOf(5), Profile);
        var rejected = Simulator.Run(new ClusterConfig(2, 1, 2, Overflow: OverflowPolicy.Reject, WarmInstances: 2), ArrivalPattern.BurstOf(5), Profile);

        // Queued: waves of 2 at 60 ms each, the fifth request finishes at 180 ms.
        Assert.Equal(0, queued.RejectedCount);
        Assert.Equal(180, queued.Requests.Max(r => r.EndMs), 9);
        Assert.Equal(3, rejected.RejectedCount);
        Assert.Equal(60, rejected.LatencyP95Ms, 9);
    }

    [Fact]
    public void Busy_intervals_cover_start_up_and_in_flight_time_per_instance()
    {
        var result = Simulator.Run(new ClusterConfig(1, 4, 2), ArrivalPattern.BurstOf(4), Profile);

        // One cold instance: start-up 100 ms, then 4 x 60 ms: one interval of 340 ms.
        var interval = Assert.Single(result.BusyIntervals);
        Assert.Equal(340, interval.DurationMs, 9);
        Assert.Equal(340, Assert.Single(result.InstanceLifetimesMs), 9);
        Assert.Equal([160, 60, 60, 60], result.ServiceDurationsMs(includeColdStart: true));
    }

    [Fact]
    public void A_request_admitted_the_instant_another_finishes_continues_the_billable_interval()
    {
        var result = Simulator.Run(new ClusterConfig(1, 1, 2, WarmInstances: 1), new ArrivalPattern(3, 1, 1), Profile, seed: 5);

        // Three at t = 0 run back to back (0-180 ms, handed over from the dispatcher queue): one interval, not three
        // (which would each be rounded up to 100 ms). The Poisson arrival comes later, after an idle gap, or joins it.
        Assert.Equal(0, result.BusyIntervals[0].StartMs);
        Assert.True(result.BusyIntervals[0].EndMs >= 180);
        Assert.Equal(result.Requests.Sum(r => r.ServiceMs), result.BusyIntervals.Sum(b => b.DurationMs), 9);
    }

    [Fact]
    public void A_seed_makes_a_run_repeatable()
    {
        var pattern = new ArrivalPattern(10, 50, 5);
        var profile = new ServiceProfile("synthetic", [10, 12, 30], [6, 7, 20], 50);
        var first = Simulator.Run(new ClusterConfig(3, 2, 2), pattern, profile, seed: 3);
        var second = Simulator.Run(new ClusterConfig(3, 2, 2), pattern, profile, seed: 3);

        Assert.Equal(first.Requests, second.Requests);
    }
}

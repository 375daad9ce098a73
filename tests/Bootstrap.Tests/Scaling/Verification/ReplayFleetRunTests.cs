using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Verification;
using Toolkit.Bootstrap.Tests.Scaling.Measurement;
using Toolkit.Bootstrap.Tests.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Verification;

/// <summary>A recommendation replayed for real: bootstrap processes (the JIT build beside the tests) under a CFS quota.</summary>
[Collection(CgroupTests.Name)]
public class ReplayFleetRunTests
{
    [Fact]
    public async Task Each_sequence_is_replayed_in_order_and_a_request_that_waits_for_a_slot_has_a_latency_beyond_its_service_time()
    {
        // 1024 MB: a 0.579-core quota per instance; the prediction started two environments, so two instances.
        var advice = new PlatformAdvice(ConfigurationAdvisor.Lambda,
            new CandidateOutcome("1024 MB", new CandidateSettings(MemoryMb: 1024), 50, 20, 1, 0, 10, 2), [], 1, []);
        var fleet = ReplayFleet.For(advice, machineCores: 2, TestPrices.Book)!;
        // Six at once on two one-request instances: four of them must wait; then two alone, 300 ms later.
        double[] arrivals = [0, 0, 0, 0, 0, 0, 300, 300];

        double[] pair = [0, 0];
        var runs = await fleet.ReplayAsync(BootstrapBuild.Jit, "transport-only", "mobilenet_v1", [arrivals, pair, arrivals], CancellationToken.None);

        Assert.Equal([arrivals.Length, pair.Length, arrivals.Length], runs.Select(r => r.Requests.Length));
        foreach (var run in runs.Where(r => r.Requests.Length == arrivals.Length))
        {
            Assert.All(run.Requests, r => Assert.InRange(r.Instance, 0, fleet.Instances - 1));
            // A request may leave a millisecond or two before its arrival time (the timer's granularity), no more.
            Assert.All(run.Requests, r => Assert.True(r.ServiceMs > 0 && r.LatencyMs >= r.ServiceMs - 5, $"latency {r.LatencyMs} ms, service {r.ServiceMs} ms"));
            // The burst at t = 0 leaves on time, so its latencies hold their service times, and with two slots for six
            // requests some of them waited for a slot.
            var burst = run.Requests.Take(6).ToList();
            Assert.All(burst, r => Assert.True(r.LatencyMs >= r.ServiceMs));
            Assert.Contains(burst, r => r.LatencyMs - r.ServiceMs > 0.5 * burst.Min(b => b.ServiceMs));
            Assert.Equal(run.LatenciesMs, run.Requests.Select(r => r.LatencyMs));
            Assert.Equal(run.ServiceTimesMs, run.Requests.Select(r => r.ServiceMs));
            Assert.True(run.ThrottledPeriods >= 0 && run.ThrottledMs >= 0);
        }

        Assert.Equal(2, fleet.Instances);
    }
}

using Toolkit.Bench.Scaling.Measurement.Internal;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

/// <summary>The CFS bandwidth rule of <see cref="BandwidthLedger"/>, driven by a made-up group and clock.</summary>
public class BandwidthLedgerTests
{
    private const long Ms = 1_000_000;
    private const long Period = 100 * Ms;

    [Theory]
    [InlineData(29, 1)]    // 512 MB of Lambda on one busy thread
    [InlineData(100, 2)]   // 1769 MB: one core's worth, spent by two threads
    [InlineData(150, 2)]   // 2654 MB
    public void A_busy_group_gets_its_quota_per_period_and_no_more(long quotaMs, int threads)
    {
        var group = new BusyGroup(new BandwidthLedger(quotaMs * Ms, Period, maxParallel: 2), threads);

        group.RunUntil(50 * Period);

        // The stop lands at most one minimum look late per period, on every busy thread.
        var perPeriodMs = group.CpuNs / 50.0 / Ms;
        Assert.InRange(perPeriodMs, quotaMs, quotaMs + (threads * BandwidthLedger.MinimumLookNs / (double)Ms));
        Assert.Equal(50, group.Ledger.ThrottledPeriods, tolerance: 1);
        Assert.Equal(50, group.Ledger.Periods, tolerance: 1);
        // Stopped time is counted when the group resumes: the last period's stop is still open.
        Assert.InRange(group.Ledger.ThrottledNs / 49.0 / Ms, 100 - ((quotaMs / threads) + 1), 100 - (quotaMs / threads) + 1);
    }

    [Fact]
    public void A_group_under_its_quota_is_never_stopped()
    {
        var ledger = new BandwidthLedger(50 * Ms, Period, maxParallel: 2);
        var cpu = 0L;
        for (var now = 0L; now < 10 * Period; now += Ms)
        {
            cpu += Ms / 4;
            Assert.Equal(QuotaAction.None, ledger.Look(now, cpu).Action);
        }

        Assert.Equal(0, ledger.ThrottledPeriods);
        Assert.False(ledger.Stopped);
    }

    [Fact]
    public void Unused_quota_does_not_carry_over_but_an_overrun_does()
    {
        var ledger = new BandwidthLedger(30 * Ms, Period, maxParallel: 2);
        ledger.Look(0, 0);
        // Idle for five periods, then 40 ms used at once: only one period's 30 ms were there, so it stops.
        Assert.Equal(QuotaAction.Stop, ledger.Look(5 * Period, 40 * Ms).Action);
        // The 10 ms overrun is paid from the next period: it resumes with 20 ms, not 30.
        Assert.Equal(QuotaAction.Resume, ledger.Look(6 * Period, 40 * Ms).Action);
        Assert.Equal(QuotaAction.None, ledger.Look(6 * Period + Ms, 59 * Ms).Action);
        Assert.Equal(QuotaAction.Stop, ledger.Look(6 * Period + (2 * Ms), 61 * Ms).Action);
    }

    [Fact]
    public void A_debt_larger_than_a_period_keeps_the_group_stopped_and_counts_each_period()
    {
        var ledger = new BandwidthLedger(20 * Ms, Period, maxParallel: 2);
        ledger.Look(0, 0);
        // CPU used before the first look is charged: 70 ms against 20 ms per period.
        Assert.Equal(QuotaAction.Stop, ledger.Look(Ms, 70 * Ms).Action);
        Assert.Equal(QuotaAction.None, ledger.Look(Period, 70 * Ms).Action);
        Assert.Equal(QuotaAction.None, ledger.Look(2 * Period, 70 * Ms).Action);
        Assert.Equal(QuotaAction.Resume, ledger.Look(3 * Period, 70 * Ms).Action);
        Assert.Equal(3, ledger.ThrottledPeriods);
        Assert.Equal((3 * Period) - Ms, ledger.ThrottledNs);
    }

    [Fact]
    public void It_looks_again_no_later_than_the_budget_can_run_out_on_every_core()
    {
        var ledger = new BandwidthLedger(40 * Ms, Period, maxParallel: 2);

        var (_, next) = ledger.Look(0, 0);

        // 40 ms of budget on two cores cannot run out within 20 ms; 50 µs left is looked at after the minimum.
        Assert.Equal(20 * Ms, next);
        Assert.Equal((20 * Ms) + BandwidthLedger.MinimumLookNs, ledger.Look(20 * Ms, 39_950_000).NextLookNs);
    }

    /// <summary><paramref name="threads"/> threads that run whenever they are not stopped, looked at when the ledger asks.</summary>
    private sealed class BusyGroup(BandwidthLedger ledger, int threads)
    {
        public BandwidthLedger Ledger { get; } = ledger;

        public long CpuNs { get; private set; }

        public void RunUntil(long endNs)
        {
            var now = 0L;
            while (now < endNs)
            {
                var (_, next) = Ledger.Look(now, CpuNs);
                next = Math.Min(next, endNs);
                if (!Ledger.Stopped)
                {
                    CpuNs += threads * (next - now);
                }

                now = next;
            }
        }
    }
}

namespace Toolkit.Bench.Scaling.Measurement.Internal;

/// <summary>What <see cref="SignalQuota"/> does to its processes after one look at their CPU time.</summary>
internal enum QuotaAction
{
    None,
    Stop,
    Resume,
}

/// <summary>
/// The CFS bandwidth controller's rule, kept apart from the processes and clocks so that tests can drive it: a group may
/// use <c>quota</c> ns of CPU per <c>period</c> ns of wall time; once it has used them it is stopped until the next
/// period begins. As in the kernel, unused quota does not carry over, but an overrun does: it is paid out of the next
/// periods' quota (the kernel starts a throttled run queue's next period at its debt plus one, from the same pool).
/// </summary>
internal sealed class BandwidthLedger
{
    // The shortest time between two looks while the group runs. The look itself costs a few µs (one clock read per
    // process); 200 µs keeps that under 3% of a core at worst, and bounds an overrun at 200 µs times the cores used.
    internal const long MinimumLookNs = 200_000;

    private readonly long quotaNs;
    private readonly long periodNs;
    private readonly int maxParallel;
    private long periodStartNs = -1;
    private long budgetNs;
    private long chargedCpuNs;
    private long stoppedSinceNs;
    private bool throttledThisPeriod;

    /// <param name="maxParallel">The most cores the group can run on at once (this machine's), which bounds how fast it spends its budget.</param>
    public BandwidthLedger(long quotaNs, long periodNs, int maxParallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quotaNs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodNs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        this.quotaNs = quotaNs;
        this.periodNs = periodNs;
        this.maxParallel = maxParallel;
    }

    /// <summary>True while the group is stopped for having spent its quota.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Periods begun since the first look (<c>nr_periods</c>).</summary>
    public long Periods { get; private set; }

    /// <summary>Periods in which the group was stopped (<c>nr_throttled</c>).</summary>
    public long ThrottledPeriods { get; private set; }

    /// <summary>Wall time the group spent stopped (<c>throttled_usec</c> × 1000).</summary>
    public long ThrottledNs { get; private set; }

    /// <summary>
    /// One look at wall time <paramref name="nowNs"/>, when the group has used <paramref name="cpuNs"/> of CPU in all
    /// (counted from its processes' starts, so what they used before the first look is charged too).
    /// </summary>
    /// <returns>What to do now, and the wall time of the next look.</returns>
    public (QuotaAction Action, long NextLookNs) Look(long nowNs, long cpuNs)
    {
        if (periodStartNs < 0)
        {
            periodStartNs = nowNs;
            budgetNs = quotaNs;
            Periods = 1;
        }

        if (nowNs >= periodStartNs + periodNs)
        {
            var elapsed = (nowNs - periodStartNs) / periodNs;
            periodStartNs += elapsed * periodNs;
            Periods += elapsed;
            budgetNs = Math.Min(quotaNs, budgetNs + (elapsed * quotaNs));
            throttledThisPeriod = false;
        }

        // CPU is charged to the period it is seen in: what ran just before a boundary weighs on the next period, as an
        // overrun does in the kernel.
        budgetNs -= Math.Max(0, cpuNs - chargedCpuNs);
        chargedCpuNs = Math.Max(chargedCpuNs, cpuNs);

        var action = QuotaAction.None;
        if (Stopped && budgetNs > 0)
        {
            Stopped = false;
            ThrottledNs += nowNs - stoppedSinceNs;
            action = QuotaAction.Resume;
        }
        else if (!Stopped && budgetNs <= 0)
        {
            Stopped = true;
            stoppedSinceNs = nowNs;
            action = QuotaAction.Stop;
        }

        // A period counts as throttled once, whether the group was stopped in it or is still paying an older debt.
        if (Stopped && !throttledThisPeriod)
        {
            throttledThisPeriod = true;
            ThrottledPeriods++;
        }

        var periodEndNs = periodStartNs + periodNs;
        // While running, the budget cannot run out sooner than when every core spends it at once.
        var nextLookNs = Stopped ? periodEndNs : Math.Min(periodEndNs, nowNs + Math.Max(MinimumLookNs, budgetNs / maxParallel));
        return (action, nextLookNs);
    }
}

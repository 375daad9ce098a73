using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bootstrap.Tests.Report;

/// <summary>The median's distribution-free 95% interval: order statistics at the binomial ranks.</summary>
public sealed class MedianIntervalTests
{
    [Fact]
    public void Thirty_samples_give_ranks_ten_to_twenty_one()
    {
        double[] samples = [.. Enumerable.Range(1, 30).Select(i => (double)i).Reverse()];

        Assert.Equal([10.0, 21.0], MedianInterval.Of(samples)!);
    }

    [Fact]
    public void Six_samples_give_their_whole_range_and_five_give_none()
    {
        Assert.Equal([1.0, 6.0], MedianInterval.Of([6, 5, 4, 3, 2, 1])!);
        Assert.Null(MedianInterval.Of([1, 2, 3, 4, 5]));
    }

    [Fact]
    public void Phase_stats_carry_the_interval_only_when_there_is_one()
    {
        Assert.Null(PhaseStats.Of([1, 2, 3]).MedianCi95);
        Assert.Equal([10.0, 21.0], PhaseStats.Of(Enumerable.Range(1, 30).Select(i => (double)i)).MedianCi95!);
    }
}

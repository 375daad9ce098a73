using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Tests.Threading;

public class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(2, 1000)]
    [InlineData(4, 33)]
    public void Every_item_runs_exactly_once(int threads, int count)
    {
        using var pool = new WorkerPool(threads);
        var hits = new int[count];
        for (var round = 0; round < 3; round++)
        {
            pool.For(count, new CountHits(hits));
        }

        Assert.All(hits, h => Assert.Equal(3, h));
    }

    [Fact]
    public void A_failing_item_surfaces_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var error = Assert.Throws<AggregateException>(() => pool.For(100, new FailAt(37)));
        Assert.IsType<InvalidOperationException>(error.InnerException);

        var hits = new int[50];
        pool.For(hits.Length, new CountHits(hits));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    private readonly struct CountHits(int[] hits) : IParallelBody
    {
        public void Run(int index) => Interlocked.Increment(ref hits[index]);
    }

    private readonly struct FailAt(int failing) : IParallelBody
    {
        public void Run(int index)
        {
            if (index == failing)
            {
                throw new InvalidOperationException($"item {index} failed");
            }
        }
    }
}

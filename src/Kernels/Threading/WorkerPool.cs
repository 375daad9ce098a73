namespace Toolkit.Kernels.Threading;

/// <summary>
/// A fixed set of worker threads that run <see cref="IParallelBody"/> loops together with the calling thread.
/// Items are handed out one at a time from a shared counter; each item writes its own outputs, so the result is the
/// same for any thread count. Dispatch allocates nothing, which keeps inference allocation-free after warm-up.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly Thread[] workers;
    private readonly Lock dispatchLock = new();
    private readonly SemaphoreSlim start;
    private readonly ManualResetEventSlim done = new(false);
    private Action<int>? body;
    private int itemCount;
    private int nextItem;
    private int busyWorkers;
    private volatile bool disposed;
    private Exception? failure;

    /// <param name="threads">Total threads including the caller; at least 1.</param>
    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        start = new SemaphoreSlim(0);
        workers = new Thread[threads - 1];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"toolkit-worker-{i + 1}" };
            workers[i].Start();
        }
    }

    /// <summary>Total threads that run a loop, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Runs <c>body.Run(i)</c> for every i in [0, count) on all threads and returns when all are done.</summary>
    public void For<TBody>(int count, in TBody body)
        where TBody : struct, IParallelBody
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (count <= 0)
        {
            return;
        }

        if (workers.Length == 0 || count == 1)
        {
            for (var i = 0; i < count; i++)
            {
                body.Run(i);
            }

            return;
        }

        lock (dispatchLock)
        {
            // The body lives in a per-type static slot so the workers can reach it without boxing; the dispatch lock
            // makes this pool its only user while the loop runs, and BodySlot's own lock covers other pools.
            lock (BodySlot<TBody>.Gate)
            {
                BodySlot<TBody>.Body = body;
                try
                {
                    Dispatch(count, BodySlot<TBody>.Invoke);
                }
                finally
                {
                    BodySlot<TBody>.Body = default;
                }
            }
        }
    }

    private void Dispatch(int count, Action<int> invoke)
    {
        body = invoke;
        itemCount = count;
        nextItem = 0;
        failure = null;
        var helpers = Math.Min(workers.Length, count - 1);
        busyWorkers = helpers;
        done.Reset();
        start.Release(helpers);
        RunItems();
        if (helpers > 0)
        {
            done.Wait();
        }

        body = null;
        if (failure is { } error)
        {
            throw new AggregateException("A parallel kernel item failed.", error);
        }
    }

    private void RunItems()
    {
        var invoke = body!;
        int i;
        while ((i = Interlocked.Increment(ref nextItem) - 1) < itemCount)
        {
            try
            {
                invoke(i);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                // Stop handing out work; the loop's result is lost anyway.
                Volatile.Write(ref nextItem, itemCount);
            }
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            start.Wait();
            if (disposed)
            {
                return;
            }

            RunItems();
            if (Interlocked.Decrement(ref busyWorkers) == 0)
            {
                done.Set();
            }
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (workers.Length > 0)
        {
            start.Release(workers.Length);
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        start.Dispose();
        done.Dispose();
    }

    private static class BodySlot<TBody>
        where TBody : struct, IParallelBody
    {
        public static readonly Lock Gate = new();
        public static TBody Body;
        public static readonly Action<int> Invoke = static i => Body.Run(i);
    }
}

using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels;

/// <summary>
/// Where a kernel runs: one resolved ISA tier and a thread count. Kernels take it on every call, so one process can
/// compare tiers side by side. One thread is the default; with more, results are bit-identical to one thread.
/// </summary>
public sealed class CpuContext : IDisposable
{
    private CpuContext(Isa isa, int threads)
    {
        Isa = isa;
        Threads = threads;
        Pool = threads > 1 ? new WorkerPool(threads) : null;
    }

    /// <summary>The tier every kernel call uses; never <see cref="Isa.Best"/>.</summary>
    public Isa Isa { get; }

    /// <summary>Threads a kernel may use, the caller included.</summary>
    public int Threads { get; }

    /// <summary>The worker pool, or null when single-threaded.</summary>
    public WorkerPool? Pool { get; }

    /// <summary>Creates a context; <see cref="Isa.Best"/> resolves to the widest tier available.</summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    public static CpuContext Create(Isa isa = Isa.Best, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return new CpuContext(IsaSupport.Resolve(isa), threads);
    }

    /// <summary>Runs a loop on the pool, or inline when single-threaded.</summary>
    public void For<TBody>(int count, in TBody body)
        where TBody : struct, IParallelBody
    {
        if (Pool is { } pool)
        {
            pool.For(count, body);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            body.Run(i);
        }
    }

    public override string ToString() => $"{IsaSupport.Name(Isa)} x{Threads}";

    public void Dispose() => Pool?.Dispose();
}

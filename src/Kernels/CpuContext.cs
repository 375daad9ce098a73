using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels;

/// <summary>
/// Where a kernel runs: one resolved ISA tier, the int8 tier of the quantized kernels, and a thread count. Kernels take
/// it on every call, so one process can compare tiers side by side. One thread is the default; with more, results are bit-identical to one thread.
/// </summary>
public sealed class CpuContext : IDisposable
{
    private readonly Int8Isa requestedInt8;
    private Int8Isa int8;

    private CpuContext(Isa isa, Int8Isa int8, int threads)
    {
        Isa = isa;
        requestedInt8 = int8;
        Threads = threads;
        Pool = threads > 1 ? new WorkerPool(threads) : null;
    }

    /// <summary>The tier every kernel call uses; never <see cref="Isa.Best"/>.</summary>
    public Isa Isa { get; }

    /// <summary>
    /// The tier the int8 kernels use; never <see cref="Int8Isa.Best"/>. By default the widest one no wider than
    /// <see cref="Isa"/> (<see cref="Int8IsaSupport.For"/>); resolved on first use, so a context that never runs int8
    /// code never probes for it.
    /// </summary>
    public Int8Isa Int8Isa => int8 != Int8Isa.Best ? int8 : int8 = requestedInt8 == Int8Isa.Best ? Int8IsaSupport.For(Isa) : requestedInt8;

    /// <summary>Threads a kernel may use, the caller included.</summary>
    public int Threads { get; }

    /// <summary>The worker pool, or null when single-threaded.</summary>
    public WorkerPool? Pool { get; }

    /// <summary>Creates a context; <see cref="Isa.Best"/> resolves to the widest tier available.</summary>
    /// <param name="int8">The int8 tier; <see cref="Int8Isa.Best"/> follows <paramref name="isa"/>.</param>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/> or <paramref name="int8"/>.</exception>
    public static CpuContext Create(Isa isa = Isa.Best, int threads = 1, Int8Isa int8 = Int8Isa.Best)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return new CpuContext(IsaSupport.Resolve(isa), int8 == Int8Isa.Best ? int8 : Int8IsaSupport.Resolve(int8), threads);
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

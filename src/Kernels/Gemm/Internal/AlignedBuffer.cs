using System.Runtime.InteropServices;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// A growable, 64-byte aligned native float buffer. Kernels keep one per thread and reuse it, so steady-state calls
/// allocate nothing; it only grows when a call needs more than any earlier one did.
/// </summary>
internal sealed unsafe class AlignedBuffer : IDisposable
{
    /// <summary>A cache line and a zmm register: aligned panels never split a vector load across two lines.</summary>
    public const int AlignmentBytes = 64;

    private float* data;

    ~AlignedBuffer() => Free();

    public long Capacity { get; private set; }

    /// <summary>Returns at least <paramref name="floats"/> floats; earlier contents are lost when it grows.</summary>
    public float* Get(long floats)
    {
        if (floats > Capacity)
        {
            Free();
            var bytes = (nuint)Math.Max(floats, 1) * sizeof(float);
            data = (float*)NativeBlocks.Allocate(bytes, AlignmentBytes);
            Capacity = floats;
        }

        return data;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (data != null)
        {
            NativeMemory.AlignedFree(data);
            data = null;
            Capacity = 0;
        }
    }
}

/// <summary>Per-thread scratch for the GEMM driver: the packed A block and the edge tile (worker threads and callers alike).</summary>
internal static class GemmScratch
{
    [ThreadStatic]
    private static AlignedBuffer? packedA;

    [ThreadStatic]
    private static AlignedBuffer? packedB;

    /// <summary>The packed A block and edge tile of the thread running a tile.</summary>
    public static AlignedBuffer PackedA => packedA ??= new AlignedBuffer();

    /// <summary>The packed B of a one-shot <see cref="Sgemm.Multiply(CpuContext, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, ReadOnlySpan{float}, Activation)"/>, owned by the calling thread.</summary>
    public static AlignedBuffer PackedB => packedB ??= new AlignedBuffer();
}

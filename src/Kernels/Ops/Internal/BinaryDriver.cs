using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// Runs an <see cref="IBinaryOperator"/> over two equal-length spans, with the same width rules and overlapping-tail
/// scheme as <see cref="UnaryDriver"/>; the destination may be either input itself. Spans longer than one
/// <see cref="ElementChunks"/> chunk run as chunks on the context's threads.
/// </summary>
internal static class BinaryDriver
{
    public static unsafe void Apply<TOp>(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : IBinaryOperator
    {
        Guard.Length(y.Length, x.Length, nameof(y), "the length of x");
        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        Guard.NoPartialOverlap(y, destination, nameof(destination));
        if (x.Length <= ElementChunks.Length)
        {
            ApplyUnchecked<TOp>(cpu.Isa, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(destination), (nuint)x.Length);
            return;
        }

        fixed (float* left = x)
        fixed (float* right = y)
        fixed (float* output = destination)
        {
            cpu.For(ElementChunks.Count(x.Length), new Chunks<TOp>(cpu.Isa, left, right, output, x.Length));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyUnchecked<TOp>(Isa isa, ref float x, ref float y, ref float destination, nuint length)
        where TOp : IBinaryOperator
    {
        if (isa == Isa.Avx512 && length >= (nuint)Vector512<float>.Count)
        {
            Vector512Path<TOp>(ref x, ref y, ref destination, length);
        }
        else if (isa >= Isa.Avx2 && length >= (nuint)Vector256<float>.Count)
        {
            Vector256Path<TOp>(ref x, ref y, ref destination, length);
        }
        else if (isa >= Isa.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            Vector128Path<TOp>(ref x, ref y, ref destination, length);
        }
        else
        {
            for (nuint i = 0; i < length; i++)
            {
                Unsafe.Add(ref destination, i) = TOp.Invoke(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
            }
        }
    }

    private static void Vector128Path<TOp>(ref float x, ref float y, ref float destination, nuint length)
        where TOp : IBinaryOperator
    {
        var width = (nuint)Vector128<float>.Count;
        var lastAt = length - width;
        var last = TOp.Invoke(Vector128.LoadUnsafe(ref x, lastAt), Vector128.LoadUnsafe(ref y, lastAt));
        for (nuint i = 0; i + width <= length; i += width)
        {
            TOp.Invoke(Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i)).StoreUnsafe(ref destination, i);
        }

        last.StoreUnsafe(ref destination, lastAt);
    }

    private static void Vector256Path<TOp>(ref float x, ref float y, ref float destination, nuint length)
        where TOp : IBinaryOperator
    {
        var width = (nuint)Vector256<float>.Count;
        var lastAt = length - width;
        var last = TOp.Invoke(Vector256.LoadUnsafe(ref x, lastAt), Vector256.LoadUnsafe(ref y, lastAt));
        for (nuint i = 0; i + width <= length; i += width)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i)).StoreUnsafe(ref destination, i);
        }

        last.StoreUnsafe(ref destination, lastAt);
    }

    private static void Vector512Path<TOp>(ref float x, ref float y, ref float destination, nuint length)
        where TOp : IBinaryOperator
    {
        var width = (nuint)Vector512<float>.Count;
        var lastAt = length - width;
        var last = TOp.Invoke(Vector512.LoadUnsafe(ref x, lastAt), Vector512.LoadUnsafe(ref y, lastAt));
        for (nuint i = 0; i + width <= length; i += width)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i)).StoreUnsafe(ref destination, i);
        }

        last.StoreUnsafe(ref destination, lastAt);
    }

    private readonly unsafe struct Chunks<TOp>(Isa isa, float* x, float* y, float* destination, int length) : IParallelBody
        where TOp : IBinaryOperator
    {
        public void Run(int index)
        {
            var start = index * ElementChunks.Length;
            ApplyUnchecked<TOp>(isa, ref x[start], ref y[start], ref destination[start], (nuint)Math.Min(ElementChunks.Length, length - start));
        }
    }
}

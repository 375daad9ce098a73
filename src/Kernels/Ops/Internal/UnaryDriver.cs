using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// Runs an <see cref="IUnaryOperator"/> over a span with exactly the vector width its tier allows: Avx512 → Vector512,
/// Avx2 → Vector256, Vector128 → Vector128, Scalar → the scalar loop. A span shorter than one vector drops to the next
/// narrower width, never a wider one. The tail is one overlapping last vector, computed from the input before the main
/// loop writes anything, so the destination may be the input itself. Spans longer than one
/// <see cref="ElementChunks"/> chunk are split into chunks that run on the context's threads.
/// </summary>
internal static class UnaryDriver
{
    public static unsafe void Apply<TOp>(CpuContext cpu, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        if (x.Length <= ElementChunks.Length)
        {
            Apply<TOp>(cpu.Isa, x, destination);
            return;
        }

        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        fixed (float* input = x)
        fixed (float* output = destination)
        {
            cpu.For(ElementChunks.Count(x.Length), new Chunks<TOp>(cpu.Isa, input, output, x.Length));
        }
    }

    public static void Apply<TOp>(Isa isa, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        ApplyUnchecked<TOp>(isa, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), (nuint)x.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyUnchecked<TOp>(Isa isa, ref float x, ref float destination, nuint length)
        where TOp : IUnaryOperator
    {
        if (isa == Isa.Avx512 && length >= (nuint)Vector512<float>.Count)
        {
            Vector512Path<TOp>(ref x, ref destination, length);
        }
        else if (isa >= Isa.Avx2 && length >= (nuint)Vector256<float>.Count)
        {
            Vector256Path<TOp>(ref x, ref destination, length);
        }
        else if (isa >= Isa.Vector128 && length >= (nuint)Vector128<float>.Count)
        {
            Vector128Path<TOp>(ref x, ref destination, length);
        }
        else
        {
            ScalarPath<TOp>(ref x, ref destination, length);
        }
    }

    private static void ScalarPath<TOp>(ref float x, ref float destination, nuint length)
        where TOp : IUnaryOperator
    {
        for (nuint i = 0; i < length; i++)
        {
            Unsafe.Add(ref destination, i) = TOp.Invoke(Unsafe.Add(ref x, i));
        }
    }

    private static void Vector128Path<TOp>(ref float x, ref float destination, nuint length)
        where TOp : IUnaryOperator
    {
        var width = (nuint)Vector128<float>.Count;
        var last = TOp.Invoke(Vector128.LoadUnsafe(ref x, length - width));
        for (nuint i = 0; i + width <= length; i += width)
        {
            TOp.Invoke(Vector128.LoadUnsafe(ref x, i)).StoreUnsafe(ref destination, i);
        }

        last.StoreUnsafe(ref destination, length - width);
    }

    private static void Vector256Path<TOp>(ref float x, ref float destination, nuint length)
        where TOp : IUnaryOperator
    {
        var width = (nuint)Vector256<float>.Count;
        var last = TOp.Invoke(Vector256.LoadUnsafe(ref x, length - width));
        for (nuint i = 0; i + width <= length; i += width)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref x, i)).StoreUnsafe(ref destination, i);
        }

        last.StoreUnsafe(ref destination, length - width);
    }

    private static void Vector512Path<TOp>(ref float x, ref float destination, nuint length)
        where TOp : IUnaryOperator
    {
        var width = (nuint)Vector512<float>.Count;
        var last = TOp.Invoke(Vector512.LoadUnsafe(ref x, length - width));
        for (nuint i = 0; i + width <= length; i += width)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref x, i)).StoreUnsafe(ref destination, i);
        }

        last.StoreUnsafe(ref destination, length - width);
    }

    private readonly unsafe struct Chunks<TOp>(Isa isa, float* x, float* destination, int length) : IParallelBody
        where TOp : IUnaryOperator
    {
        public void Run(int index)
        {
            var start = index * ElementChunks.Length;
            ApplyUnchecked<TOp>(isa, ref x[start], ref destination[start], (nuint)Math.Min(ElementChunks.Length, length - start));
        }
    }
}

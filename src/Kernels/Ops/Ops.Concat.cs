using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// Concatenates row-major tensors along one axis. Each tensor is viewed as [outerCount × inner_i], where outerCount
    /// is the product of the dimensions before the axis (the same for every input) and inner_i the rest of input i; the
    /// destination is [outerCount × Σ inner_i]. For NHWC channels, outerCount = height × width. The copies run at the
    /// context's vector width (a copy's result is exact on every tier; only its speed changes).
    /// </summary>
    /// <exception cref="ArgumentException">An input's length is not a multiple of outerCount, or destination's length is not the sum.</exception>
    public static void Concat(CpuContext cpu, int outerCount, ReadOnlySpan<ReadOnlyMemory<float>> inputs, Span<float> destination)
    {
        Guard.Positive(outerCount, nameof(outerCount));
        long total = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var length = inputs[i].Length;
            if (length % outerCount != 0)
            {
                throw new ArgumentException($"inputs[{i}] has length {length}; expected a multiple of outerCount {outerCount}.", nameof(inputs));
            }

            if (inputs[i].Span.Overlaps(destination))
            {
                throw new ArgumentException($"destination overlaps inputs[{i}]; concat cannot run in place.", nameof(destination));
            }

            total += length;
        }

        Guard.Length(destination.Length, total, nameof(destination), "the sum of the input lengths");
        var offset = 0;
        foreach (var memory in inputs)
        {
            CopyBlock(cpu.Isa, outerCount, memory.Span, destination, offset);
            offset += memory.Length / outerCount;
        }
    }

    /// <summary>
    /// Copies one input of a concatenation into its place: destination is [outerCount × D], input [outerCount × inner],
    /// and input row o lands at destination[o·D + offset ..]. A graph executor whose values live in one arena (no
    /// <see cref="ReadOnlyMemory{T}"/> to hand over) concatenates with one call per input.
    /// </summary>
    /// <exception cref="ArgumentException">A length is not a multiple of outerCount, the block does not fit, or the spans overlap.</exception>
    public static void ConcatInto(CpuContext cpu, int outerCount, ReadOnlySpan<float> input, Span<float> destination, int offset)
    {
        Guard.Positive(outerCount, nameof(outerCount));
        Guard.NotNegative(offset, nameof(offset));
        if (input.Length % outerCount != 0 || destination.Length % outerCount != 0)
        {
            throw new ArgumentException($"input has length {input.Length} and destination {destination.Length}; expected multiples of outerCount {outerCount}.", nameof(input));
        }

        if (offset + (input.Length / outerCount) > destination.Length / outerCount)
        {
            throw new ArgumentException($"offset {offset} + input row {input.Length / outerCount} exceeds the destination row {destination.Length / outerCount}.", nameof(offset));
        }

        if (input.Overlaps(destination))
        {
            throw new ArgumentException("destination overlaps input; concat cannot run in place.", nameof(destination));
        }

        CopyBlock(cpu.Isa, outerCount, input, destination, offset);
    }

    private static void CopyBlock(Isa isa, int outerCount, ReadOnlySpan<float> source, Span<float> destination, int offset)
    {
        var inner = source.Length / outerCount;
        var outputInner = destination.Length / outerCount;
        ref var input = ref MemoryMarshal.GetReference(source);
        ref var output = ref MemoryMarshal.GetReference(destination);
        for (var o = 0; o < outerCount && inner > 0; o++)
        {
            UnaryDriver.ApplyUnchecked<IdentityOperator>(
                isa,
                ref Unsafe.Add(ref input, (nint)o * inner),
                ref Unsafe.Add(ref output, ((nint)o * outputInner) + offset),
                (nuint)inner);
        }
    }

    /// <summary>Concatenates NHWC images of one batch item along channels: [height, width, C_i] → [height, width, Σ C_i].</summary>
    /// <exception cref="ArgumentException">An input is not height × width pixels, or destination's length is not the sum.</exception>
    public static void ConcatChannels(CpuContext cpu, int height, int width, ReadOnlySpan<ReadOnlyMemory<float>> inputs, Span<float> destination)
    {
        Guard.Positive(height, nameof(height));
        Guard.Positive(width, nameof(width));
        Concat(cpu, height * width, inputs, destination);
    }
}

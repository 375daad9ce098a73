using System.Runtime.InteropServices;

namespace Toolkit.Kernels.Graph.Execution;

/// <summary>
/// The one block of memory that holds every intermediate value of a plan, 64-byte aligned so vector loads of a value's
/// start are aligned. Allocated once per plan; inference never allocates.
/// </summary>
public sealed unsafe class Arena : IDisposable
{
    /// <summary>A cache line, and the width of one AVX-512 register.</summary>
    public const int AlignmentBytes = 64;

    private float* memory;

    public Arena(long lengthInFloats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthInFloats);
        LengthInFloats = lengthInFloats;
        memory = (float*)NativeBlocks.Allocate((nuint)Math.Max(lengthInFloats * sizeof(float), AlignmentBytes), AlignmentBytes);
        NativeMemory.Clear(memory, (nuint)(lengthInFloats * sizeof(float)));
    }

    public long LengthInFloats { get; }

    public Span<float> this[BufferSlice slice]
    {
        get
        {
            ObjectDisposedException.ThrowIf(memory == null, this);
            if (slice.Offset < 0 || slice.Offset + slice.Length > LengthInFloats)
            {
                throw new ArgumentOutOfRangeException(nameof(slice), slice, $"Slice lies outside the arena of {LengthInFloats} floats.");
            }

            return new Span<float>(memory + slice.Offset, slice.Length);
        }
    }

    public void Dispose()
    {
        if (memory != null)
        {
            NativeMemory.AlignedFree(memory);
            memory = null;
        }

        GC.SuppressFinalize(this);
    }

    ~Arena() => Dispose();
}

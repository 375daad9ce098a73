using System.Runtime.InteropServices;
using Toolkit.Kernels.Gemm.Internal;

namespace Toolkit.Kernels.Gemm;

/// <summary>
/// A GEMM right operand B [Depth × Columns] packed once for one ISA tier: column panels <see cref="PanelWidth"/> wide
/// (the tier's register tile), each stored depth-row after depth-row and zero-padded to the full width, in 64-byte
/// aligned native memory. Pack constant weights once with <see cref="Sgemm.PackB"/> and reuse them on every call.
/// </summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    private readonly object? memoryOwner;
    private float* data;

    internal PackedMatrix(Isa isa, int depth, int columns, int panelWidth)
        : this(isa, depth, columns, panelWidth, null, null)
    {
        data = (float*)NativeBlocks.Allocate((nuint)LengthFloats * sizeof(float), AlignedBuffer.AlignmentBytes);
    }

    /// <summary>
    /// Panels that already lie in memory owned by <paramref name="memoryOwner"/> (a mapped model file): nothing is
    /// copied or freed, and the reference keeps the owner, and so the memory, alive as long as this matrix is.
    /// Without an owner (the allocating constructor) the matrix frees its panels when disposed or finalized.
    /// </summary>
    internal PackedMatrix(Isa isa, int depth, int columns, int panelWidth, float* panels, object? memoryOwner)
    {
        Isa = isa;
        Depth = depth;
        Columns = columns;
        PanelWidth = panelWidth;
        PanelCount = (columns + panelWidth - 1) / panelWidth;
        LengthFloats = PackedLength(depth, columns, panelWidth);
        data = panels;
        this.memoryOwner = memoryOwner;
        if (memoryOwner is not null)
        {
            GC.SuppressFinalize(this);
        }
    }

    ~PackedMatrix() => Free();

    /// <summary>The tier this matrix was packed for; it only multiplies on a <see cref="CpuContext"/> of this tier.</summary>
    public Isa Isa { get; }

    /// <summary>K: rows of B, the inner dimension of the product.</summary>
    public int Depth { get; }

    /// <summary>N: columns of B and of C.</summary>
    public int Columns { get; }

    /// <summary>Columns per panel (NR of the tier; all of N for the scalar tier, which keeps B row-major).</summary>
    public int PanelWidth { get; }

    public int PanelCount { get; }

    /// <summary>Packed floats, padding included.</summary>
    public long LengthFloats { get; }

    internal PackedPanels Panels
    {
        get
        {
            ObjectDisposedException.ThrowIf(data == null, this);
            return new PackedPanels(data, Depth, Columns, PanelWidth);
        }
    }

    /// <summary>Packed floats a matrix of this shape takes for a tier's panel width, padding included.</summary>
    public static long PackedLength(int depth, int columns, int panelWidth) =>
        (long)((columns + panelWidth - 1) / panelWidth) * depth * panelWidth;

    /// <summary>Writes the matrix back in row-major order, [Depth × Columns].</summary>
    public void CopyTo(Span<float> rowMajor)
    {
        if (rowMajor.Length < (long)Depth * Columns)
        {
            throw new ArgumentException($"Unpacking [{Depth} × {Columns}] needs {(long)Depth * Columns} floats; received {rowMajor.Length}.", nameof(rowMajor));
        }

        fixed (float* target = rowMajor)
        {
            Panels.UnpackTo(target, Columns);
        }
    }

    /// <summary>Frees owned panels; panels that lie in a mapped file stay valid for other engines over the same file.</summary>
    public void Dispose()
    {
        if (memoryOwner is null)
        {
            Free();
        }

        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (memoryOwner is null && data != null)
        {
            NativeMemory.AlignedFree(data);
            data = null;
        }
    }
}

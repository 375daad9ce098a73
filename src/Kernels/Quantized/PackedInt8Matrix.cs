using System.Runtime.InteropServices;
using Toolkit.Kernels.Gemm.Internal;
using Toolkit.Kernels.Quantized.Internal;

namespace Toolkit.Kernels.Quantized;

/// <summary>
/// Signed 8-bit weights B [Depth × Columns] packed once for one <see cref="Int8Isa"/> tier: column panels
/// <see cref="PanelWidth"/> wide, each a run of depth groups of four (per group, a column's four weights side by side),
/// zero-padded to whole groups and panels, in 64-byte aligned native memory; and each column's weight sum, which the
/// epilogues use to take the activations' zero point out of the product. Pack with <see cref="Int8Gemm.PackB"/>.
/// </summary>
public sealed unsafe class PackedInt8Matrix : IDisposable
{
    private sbyte* data;

    internal PackedInt8Matrix(Int8Isa isa, int depth, int columns)
    {
        Isa = isa;
        Depth = depth;
        Columns = columns;
        PanelWidth = Int8GemmDispatch.PanelWidth(isa);
        Groups = (depth + 3) / 4;
        PanelCount = (columns + PanelWidth - 1) / PanelWidth;
        LengthBytes = (long)PanelCount * PanelBytes;
        data = (sbyte*)NativeBlocks.Allocate((nuint)Math.Max(LengthBytes, 1), AlignedBuffer.AlignmentBytes);
        ColumnSums = new int[columns];
    }

    ~PackedInt8Matrix() => Free();

    /// <summary>The tier this matrix was packed for; it multiplies only on a <see cref="CpuContext"/> of this int8 tier.</summary>
    public Int8Isa Isa { get; }

    /// <summary>K: rows of B.</summary>
    public int Depth { get; }

    /// <summary>N: columns of B and of C.</summary>
    public int Columns { get; }

    /// <summary>Columns per panel: the tier's tile width.</summary>
    public int PanelWidth { get; }

    /// <summary>Depth groups of four: ⌈K / 4⌉.</summary>
    public int Groups { get; }

    public int PanelCount { get; }

    /// <summary>Packed bytes, padding included.</summary>
    public long LengthBytes { get; }

    /// <summary>Σₖ B[k, n] per column n.</summary>
    public int[] ColumnSums { get; }

    internal long PanelBytes => (long)Groups * PanelWidth * 4;

    internal sbyte* Panel(int panel) => data + (panel * PanelBytes);

    /// <summary>
    /// Fills the panels from row-major <paramref name="b"/> (rows <paramref name="ldb"/> apart) and the column sums.
    /// </summary>
    /// <exception cref="ArgumentException">A weight lies outside the 7-bit range a <c>vpmaddubsw</c> tier needs.</exception>
    internal void PackFrom(ReadOnlySpan<sbyte> b, int ldb)
    {
        var narrow = Int8IsaSupport.NeedsNarrowWeights(Isa);
        new Span<sbyte>(data, checked((int)LengthBytes)).Clear();
        Array.Clear(ColumnSums);
        for (var k = 0; k < Depth; k++)
        {
            var row = b.Slice(k * ldb, Columns);
            for (var n = 0; n < Columns; n++)
            {
                var w = row[n];
                if (narrow && w is < Int8IsaSupport.NarrowWeightMin or > Int8IsaSupport.NarrowWeightMax)
                {
                    throw new ArgumentException(
                        $"Weight B[{k}, {n}] = {w} is outside [{Int8IsaSupport.NarrowWeightMin}, {Int8IsaSupport.NarrowWeightMax}]: the " +
                        $"{Int8IsaSupport.Name(Isa)} tier multiplies with vpmaddubsw, whose 16-bit pair sums saturate on 8-bit weights. " +
                        "Quantize the weights to 7 bits (reduce range) for this tier, or use a VNNI tier.",
                        nameof(b));
                }

                var panel = n / PanelWidth;
                Panel(panel)[((k / 4) * PanelWidth * 4) + ((n % PanelWidth) * 4) + (k % 4)] = w;
                ColumnSums[n] += w;
            }
        }
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
        }
    }
}

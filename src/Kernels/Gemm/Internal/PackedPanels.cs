using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// A view of packed B: panel j holds columns [j·PanelWidth, (j+1)·PanelWidth) as Depth rows of PanelWidth floats, so
/// value (p, j·PanelWidth + q) sits at j·Depth·PanelWidth + p·PanelWidth + q and a depth block of a panel is contiguous.
/// </summary>
internal readonly unsafe struct PackedPanels(float* data, int depth, int columns, int panelWidth)
{
    public float* Data { get; } = data;

    public int Depth { get; } = depth;

    public int Columns { get; } = columns;

    public int PanelWidth { get; } = panelWidth;

    /// <summary>Row <paramref name="depthStart"/> of the panel holding column <paramref name="column"/> (a panel start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Panel(int column, int depthStart) =>
        Data + ((long)(column / PanelWidth) * Depth * PanelWidth) + ((long)depthStart * PanelWidth);

    /// <summary>Packs row-major <paramref name="b"/> [depth × columns, leading dimension ldb] into this layout.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void PackFrom(float* b, nint ldb)
    {
        var panels = (Columns + PanelWidth - 1) / PanelWidth;
        for (var j = 0; j < panels; j++)
        {
            var column = j * PanelWidth;
            var width = Math.Min(PanelWidth, Columns - column);
            var target = Panel(column, 0);
            for (var p = 0; p < Depth; p++)
            {
                var source = b + (p * ldb) + column;
                var row = target + ((long)p * PanelWidth);
                CopyRow(source, row, width);
                if (width < PanelWidth)
                {
                    new Span<float>(row + width, PanelWidth - width).Clear();
                }
            }
        }
    }

    /// <summary>The inverse of <see cref="PackFrom"/>: writes row-major B [depth × columns, leading dimension ldb].</summary>
    public void UnpackTo(float* b, nint ldb)
    {
        for (var column = 0; column < Columns; column += PanelWidth)
        {
            var width = Math.Min(PanelWidth, Columns - column);
            var source = Panel(column, 0);
            for (var p = 0; p < Depth; p++)
            {
                new ReadOnlySpan<float>(source + ((long)p * PanelWidth), width).CopyTo(new Span<float>(b + (p * ldb) + column, width));
            }
        }
    }

    private static void CopyRow(float* source, float* target, int width)
    {
        var q = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; q <= width - Vector256<float>.Count; q += Vector256<float>.Count)
            {
                Vector256.Store(Vector256.Load(source + q), target + q);
            }
        }

        for (; q < width; q++)
        {
            target[q] = source[q];
        }
    }
}

using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>A block of tiles as both transforms see it: the image, the block's first tile and the transformed buffers.</summary>
internal readonly unsafe struct WinogradBlock(Conv2dGeometry geometry, int firstTile, int tiles, float* transformed, float* products, float* zeros)
{
    public Conv2dGeometry Geometry { get; } = geometry;

    public int FirstTile { get; } = firstTile;

    /// <summary>Tiles in this block: the rows of each element's GEMM.</summary>
    public int Tiles { get; } = tiles;

    /// <summary>The transformed input: element ξ's rows [Tiles × InChannels] at ξ·Tiles·InChannels.</summary>
    public float* Transformed { get; } = transformed;

    /// <summary>The GEMM outputs: element ξ's rows [Tiles × OutChannels] at ξ·Tiles·OutChannels.</summary>
    public float* Products { get; } = products;

    /// <summary>InChannels zeros: the taps that fall on the padding read these.</summary>
    public float* Zeros { get; } = zeros;
}

/// <summary>
/// Bᵀ d B for each tile of a block and every input channel, Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], vectorized
/// over channels (NHWC keeps them adjacent). One parallel item per tile.
/// </summary>
internal readonly unsafe struct WinogradInputTransform<TSimd, TVector>(WinogradBlock block, float* input) : IParallelBody
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int index)
    {
        var g = block.Geometry;
        var tilesWide = WinogradF2x3.TilesWide(g);
        var tile = block.FirstTile + index;
        var y0 = (2 * (tile / tilesWide)) - g.PadTop;
        var x0 = (2 * (tile % tilesWide)) - g.PadLeft;
        var taps = stackalloc nint[WinogradF2x3.Elements];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                int y = y0 + i, x = x0 + j;
                var inside = y >= 0 && y < g.InputHeight && x >= 0 && x < g.InputWidth;
                taps[(4 * i) + j] = (nint)(inside ? input + ((((long)y * g.InputWidth) + x) * g.InChannels) : block.Zeros);
            }
        }

        var channels = g.InChannels;
        var target = block.Transformed + ((long)index * channels);
        var stride = (nint)block.Tiles * channels;
        var full = channels / TSimd.Count * TSimd.Count;
        for (var c = 0; c < full; c += TSimd.Count)
        {
            Transform<TSimd, TVector>(taps, c, target + c, stride);
        }

        for (var c = full; c < channels; c++)
        {
            Transform<SimdScalar, float>(taps, c, target + c, stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transform<TS, TV>(nint* taps, int c, float* target, nint stride)
        where TS : struct, ISimd<TV>
        where TV : struct
    {
        TV d00 = Tap<TS, TV>(taps, 0, c), d01 = Tap<TS, TV>(taps, 1, c), d02 = Tap<TS, TV>(taps, 2, c), d03 = Tap<TS, TV>(taps, 3, c);
        TV d10 = Tap<TS, TV>(taps, 4, c), d11 = Tap<TS, TV>(taps, 5, c), d12 = Tap<TS, TV>(taps, 6, c), d13 = Tap<TS, TV>(taps, 7, c);
        TV d20 = Tap<TS, TV>(taps, 8, c), d21 = Tap<TS, TV>(taps, 9, c), d22 = Tap<TS, TV>(taps, 10, c), d23 = Tap<TS, TV>(taps, 11, c);
        TV d30 = Tap<TS, TV>(taps, 12, c), d31 = Tap<TS, TV>(taps, 13, c), d32 = Tap<TS, TV>(taps, 14, c), d33 = Tap<TS, TV>(taps, 15, c);

        // Row i of Bᵀ d, then that row times B.
        StoreRow<TS, TV>(TS.Subtract(d00, d20), TS.Subtract(d01, d21), TS.Subtract(d02, d22), TS.Subtract(d03, d23), target, stride);
        StoreRow<TS, TV>(TS.Add(d10, d20), TS.Add(d11, d21), TS.Add(d12, d22), TS.Add(d13, d23), target + (4 * stride), stride);
        StoreRow<TS, TV>(TS.Subtract(d20, d10), TS.Subtract(d21, d11), TS.Subtract(d22, d12), TS.Subtract(d23, d13), target + (8 * stride), stride);
        StoreRow<TS, TV>(TS.Subtract(d10, d30), TS.Subtract(d11, d31), TS.Subtract(d12, d32), TS.Subtract(d13, d33), target + (12 * stride), stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Tap<TS, TV>(nint* taps, int position, int c)
        where TS : struct, ISimd<TV>
        where TV : struct => TS.Load((float*)taps[position] + c);

    /// <summary>(t0, t1, t2, t3)·B = (t0 − t2, t1 + t2, t2 − t1, t1 − t3), to four consecutive elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TS, TV>(TV t0, TV t1, TV t2, TV t3, float* row, nint stride)
        where TS : struct, ISimd<TV>
        where TV : struct
    {
        TS.Store(TS.Subtract(t0, t2), row);
        TS.Store(TS.Add(t1, t2), row + stride);
        TS.Store(TS.Subtract(t2, t1), row + (2 * stride));
        TS.Store(TS.Subtract(t1, t3), row + (3 * stride));
    }
}

/// <summary>
/// Aᵀ m A for each tile of a block and every output channel, Aᵀ = [1 1 1 0; 0 1 −1 −1], then the bias and the
/// activation; the 2×2 block is written where it lies inside the output (a tile on an odd edge keeps one row or column).
/// One parallel item per tile.
/// </summary>
internal readonly unsafe struct WinogradOutputTransform<TSimd, TVector, TOp>(WinogradBlock block, float* bias, float* output) : IParallelBody
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
    where TOp : struct, IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int index)
    {
        var g = block.Geometry;
        var tilesWide = WinogradF2x3.TilesWide(g);
        var tile = block.FirstTile + index;
        var y0 = 2 * (tile / tilesWide);
        var x0 = 2 * (tile % tilesWide);
        var channels = g.OutChannels;
        var pixel = output + ((((long)y0 * g.OutputWidth) + x0) * channels);
        var rowFloats = (nint)g.OutputWidth * channels;
        var corners = new WinogradCorners(pixel, rowFloats, channels, y0 + 1 < g.OutputHeight, x0 + 1 < g.OutputWidth);
        var source = block.Products + ((long)index * channels);
        var stride = (nint)block.Tiles * channels;
        var full = channels / TSimd.Count * TSimd.Count;
        for (var c = 0; c < full; c += TSimd.Count)
        {
            Transform<TSimd, TVector>(source + c, stride, bias, c, corners);
        }

        for (var c = full; c < channels; c++)
        {
            Transform<SimdScalar, float>(source + c, stride, bias, c, corners);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transform<TS, TV>(float* m, nint stride, float* bias, int c, in WinogradCorners corners)
        where TS : struct, ISimd<TV>
        where TV : struct
    {
        // Aᵀ m, one column j at a time: s0j = m0j + m1j + m2j, s1j = m1j − m2j − m3j.
        var s00 = Top<TS, TV>(m, stride, 0);
        var s01 = Top<TS, TV>(m, stride, 1);
        var s02 = Top<TS, TV>(m, stride, 2);
        var s03 = Top<TS, TV>(m, stride, 3);
        var s10 = Bottom<TS, TV>(m, stride, 0);
        var s11 = Bottom<TS, TV>(m, stride, 1);
        var s12 = Bottom<TS, TV>(m, stride, 2);
        var s13 = Bottom<TS, TV>(m, stride, 3);

        // Then times A: y0 = s0 + s1 + s2, y1 = s1 − s2 − s3, plus the bias, through the activation.
        var b = bias == null ? TS.Zero : TS.Load(bias + c);
        var top = corners.Pixel + c;
        TS.Store(TS.Apply<TOp>(TS.Add(TS.Add(TS.Add(s00, s01), s02), b)), top);
        if (corners.HasRight)
        {
            TS.Store(TS.Apply<TOp>(TS.Add(TS.Subtract(TS.Subtract(s01, s02), s03), b)), top + corners.Channels);
        }

        if (corners.HasBottom)
        {
            var bottom = top + corners.RowFloats;
            TS.Store(TS.Apply<TOp>(TS.Add(TS.Add(TS.Add(s10, s11), s12), b)), bottom);
            if (corners.HasRight)
            {
                TS.Store(TS.Apply<TOp>(TS.Add(TS.Subtract(TS.Subtract(s11, s12), s13), b)), bottom + corners.Channels);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Top<TS, TV>(float* m, nint stride, int j)
        where TS : struct, ISimd<TV>
        where TV : struct =>
        TS.Add(TS.Add(TS.Load(m + (j * stride)), TS.Load(m + ((4 + j) * stride))), TS.Load(m + ((8 + j) * stride)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Bottom<TS, TV>(float* m, nint stride, int j)
        where TS : struct, ISimd<TV>
        where TV : struct =>
        TS.Subtract(TS.Subtract(TS.Load(m + ((4 + j) * stride)), TS.Load(m + ((8 + j) * stride))), TS.Load(m + ((12 + j) * stride)));
}

/// <summary>Where a tile's 2×2 output block lies: its top-left pixel, and whether its right column and bottom row are inside the image.</summary>
internal readonly unsafe struct WinogradCorners(float* pixel, nint rowFloats, int channels, bool hasBottom, bool hasRight)
{
    public float* Pixel { get; } = pixel;

    public nint RowFloats { get; } = rowFloats;

    public int Channels { get; } = channels;

    public bool HasBottom { get; } = hasBottom;

    public bool HasRight { get; } = hasRight;
}

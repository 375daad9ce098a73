using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops.Internal;

internal enum PoolKind
{
    Max,

    /// <summary>The mean over the window's input pixels only (TensorFlow SAME, ONNX count_include_pad = 0).</summary>
    Average,

    /// <summary>The window sum over KernelHeight × KernelWidth, padding counted as zeros (ONNX count_include_pad = 1).</summary>
    AverageIncludePad,
}

/// <summary>
/// One output row of a max or average pooling per parallel item, vectorized over channels. Each output pixel clips its
/// window to the input, so padding is never read. Channels beyond the last whole vector use one overlapping vector when
/// there are at least a vector's worth of channels (it recomputes identical values), and scalar code otherwise.
/// </summary>
internal readonly unsafe struct PoolRows<TSimd, TVector>(PoolGeometry geometry, PoolKind kind, float* input, float* output) : IParallelBody
    where TSimd : ISimd<TVector>
    where TVector : struct
{
    public void Run(int index)
    {
        var g = geometry;
        var channels = g.Channels;
        var outputWidth = g.OutputWidth;
        var inputTop = (index * g.StrideHeight) - g.PadTop;
        var rowStart = Math.Max(0, -inputTop);
        var rowEnd = Math.Min(g.KernelHeight, g.InputHeight - inputTop);
        var pixelStride = (long)channels;
        var rowStride = (long)g.InputWidth * channels;
        for (var column = 0; column < outputWidth; column++)
        {
            var inputLeft = (column * g.StrideWidth) - g.PadLeft;
            var columnStart = Math.Max(0, -inputLeft);
            var columnEnd = Math.Min(g.KernelWidth, g.InputWidth - inputLeft);
            var window = new Window(
                input + ((inputTop + rowStart) * rowStride) + ((inputLeft + columnStart) * pixelStride),
                rowEnd - rowStart,
                columnEnd - columnStart,
                rowStride,
                pixelStride,
                kind == PoolKind.AverageIncludePad ? g.KernelHeight * g.KernelWidth : (rowEnd - rowStart) * (columnEnd - columnStart));
            var destination = output + ((((long)index * outputWidth) + column) * channels);

            var c = 0;
            for (; c + TSimd.Count <= channels; c += TSimd.Count)
            {
                Block<TSimd, TVector>(window, kind, c, destination);
            }

            if (c < channels && channels >= TSimd.Count)
            {
                Block<TSimd, TVector>(window, kind, channels - TSimd.Count, destination);
            }
            else
            {
                for (; c < channels; c++)
                {
                    Block<SimdScalar, float>(window, kind, c, destination);
                }
            }
        }
    }

    private static void Block<TBlock, TBlockVector>(in Window window, PoolKind kind, int channel, float* destination)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        var start = window.Start + channel;
        TBlockVector result;
        if (kind == PoolKind.Max)
        {
            result = TBlock.Broadcast(float.NegativeInfinity);
            for (var r = 0; r < window.Rows; r++)
            {
                var pixel = start + (r * window.RowStride);
                for (var q = 0; q < window.Columns; q++, pixel += window.PixelStride)
                {
                    result = TBlock.Max(result, TBlock.Load(pixel));
                }
            }
        }
        else
        {
            result = TBlock.Zero;
            for (var r = 0; r < window.Rows; r++)
            {
                var pixel = start + (r * window.RowStride);
                for (var q = 0; q < window.Columns; q++, pixel += window.PixelStride)
                {
                    result = TBlock.Add(result, TBlock.Load(pixel));
                }
            }

            result = TBlock.Divide(result, TBlock.Broadcast(window.Count));
        }

        TBlock.Store(result, destination + channel);
    }

    /// <summary>One output pixel's window, already clipped to the input.</summary>
    private readonly struct Window(float* start, int rows, int columns, long rowStride, long pixelStride, int count)
    {
        public float* Start { get; } = start;

        public int Rows { get; } = rows;

        public int Columns { get; } = columns;

        public long RowStride { get; } = rowStride;

        public long PixelStride { get; } = pixelStride;

        public int Count { get; } = count;
    }
}

using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>
/// One output row of a depthwise convolution per parallel item. The row is walked once per block of channels (one
/// vector), so a block's weights and bias are loaded once per row. A 3×3 kernel keeps its nine weight vectors in
/// registers and runs the pixels whose window lies inside the input without any bounds checks; its border pixels reuse
/// them with zeroed taps. Other kernel sizes go through the clipped general pixel. Every path sums the taps in the same
/// kh-major order from the bias, so a pixel's value does not depend on which thread computed it.
/// </summary>
internal readonly unsafe struct DepthwiseRows<TSimd, TVector, TActivation>(DepthwiseArguments arguments) : IParallelBody
    where TSimd : ISimd<TVector>
    where TVector : struct
    where TActivation : IUnaryOperator
{
    public void Run(int index)
    {
        var layout = new Layout(arguments.Geometry);
        var channels = layout.Channels;
        var c = 0;
        for (; c + TSimd.Count <= channels; c += TSimd.Count)
        {
            RowBlock<TSimd, TVector>(arguments, layout, index, c);
        }

        if (c < channels && channels >= TSimd.Count)
        {
            // One overlapping block for the last channels: it recomputes some finished channels bit for bit.
            RowBlock<TSimd, TVector>(arguments, layout, index, channels - TSimd.Count);
        }
        else
        {
            for (; c < channels; c++)
            {
                RowBlock<SimdScalar, float>(arguments, layout, index, c);
            }
        }
    }

    private static void RowBlock<TBlock, TBlockVector>(in DepthwiseArguments a, in Layout layout, int outputRow, int channel)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        var bias = a.Bias is null ? TBlock.Zero : TBlock.Load(a.Bias + channel);
        var inputTop = (outputRow * layout.StrideHeight) - layout.PadTop;
        var output = a.Output + ((long)outputRow * layout.OutputWidth * layout.Channels) + channel;
        if (layout.KernelHeight == 3 && layout.KernelWidth == 3)
        {
            Row3x3<TBlock, TBlockVector>(a, layout, inputTop, channel, bias, output);
            return;
        }

        for (var column = 0; column < layout.OutputWidth; column++)
        {
            ClippedPixel<TBlock, TBlockVector>(a, layout, inputTop, column, channel, bias, output + ((long)column * layout.Channels));
        }
    }

    /// <summary>
    /// A 3×3 row with the nine weight vectors in registers. A kernel row or column that falls in the padding gets zero
    /// weights and reads a clamped, valid row or column instead, so border pixels run the same nine FMAs as interior ones
    /// (adding x·0 leaves every finite sum unchanged). Only a non-finite input next to the padding could tell.
    /// </summary>
    private static void Row3x3<TBlock, TBlockVector>(in DepthwiseArguments a, in Layout layout, int inputTop, int channel, TBlockVector bias, float* output)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        nint c = layout.Channels;
        var height = layout.InputHeight;
        var rowLength = (nint)layout.InputWidth * c;
        var top = a.Input + (Math.Clamp(inputTop, 0, height - 1) * rowLength) + channel;
        var middle = a.Input + (Math.Clamp(inputTop + 1, 0, height - 1) * rowLength) + channel;
        var bottom = a.Input + (Math.Clamp(inputTop + 2, 0, height - 1) * rowLength) + channel;

        var w = a.Weights + channel;
        TBlockVector w0 = TBlock.Zero, w1 = TBlock.Zero, w2 = TBlock.Zero;
        if ((uint)inputTop < (uint)height)
        {
            w0 = TBlock.Load(w);
            w1 = TBlock.Load(w + c);
            w2 = TBlock.Load(w + (2 * c));
        }

        TBlockVector w3 = TBlock.Zero, w4 = TBlock.Zero, w5 = TBlock.Zero;
        if ((uint)(inputTop + 1) < (uint)height)
        {
            w3 = TBlock.Load(w + (3 * c));
            w4 = TBlock.Load(w + (4 * c));
            w5 = TBlock.Load(w + (5 * c));
        }

        TBlockVector w6 = TBlock.Zero, w7 = TBlock.Zero, w8 = TBlock.Zero;
        if ((uint)(inputTop + 2) < (uint)height)
        {
            w6 = TBlock.Load(w + (6 * c));
            w7 = TBlock.Load(w + (7 * c));
            w8 = TBlock.Load(w + (8 * c));
        }

        // Columns [first, end) have their whole 3-wide window inside the input; the rest are border columns.
        var outputWidth = layout.OutputWidth;
        var first = Math.Min((layout.PadLeft + layout.StrideWidth - 1) / layout.StrideWidth, outputWidth);
        var end = layout.InputWidth + layout.PadLeft - 3 < 0 ? first : Math.Clamp(((layout.InputWidth + layout.PadLeft - 3) / layout.StrideWidth) + 1, first, outputWidth);
        for (var column = 0; column < first; column++)
        {
            BorderPixel<TBlock, TBlockVector>(layout, top, middle, bottom, column, w0, w1, w2, w3, w4, w5, w6, w7, w8, bias, output + (column * c));
        }

        var step = layout.StrideWidth * c;
        var offset = (((nint)first * layout.StrideWidth) - layout.PadLeft) * c;
        var destination = output + (first * c);
        for (var column = first; column < end; column++, offset += step, destination += c)
        {
            // Each pixel is one dependent chain of nine FMAs; consecutive pixels are independent, so the out-of-order
            // core overlaps several of them without an explicit unroll.
            var sum = Taps<TBlock, TBlockVector>(top, middle, bottom, offset, offset + c, offset + (2 * c), w0, w1, w2, w3, w4, w5, w6, w7, w8, bias);
            TBlock.Store(TBlock.Apply<TActivation>(sum), destination);
        }

        for (var column = end; column < outputWidth; column++)
        {
            BorderPixel<TBlock, TBlockVector>(layout, top, middle, bottom, column, w0, w1, w2, w3, w4, w5, w6, w7, w8, bias, output + (column * c));
        }
    }

    private static void BorderPixel<TBlock, TBlockVector>(
        in Layout layout,
        float* top,
        float* middle,
        float* bottom,
        int column,
        TBlockVector w0,
        TBlockVector w1,
        TBlockVector w2,
        TBlockVector w3,
        TBlockVector w4,
        TBlockVector w5,
        TBlockVector w6,
        TBlockVector w7,
        TBlockVector w8,
        TBlockVector bias,
        float* destination)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        nint c = layout.Channels;
        var width = layout.InputWidth;
        var left = (column * layout.StrideWidth) - layout.PadLeft;
        if ((uint)left >= (uint)width)
        {
            w0 = w3 = w6 = TBlock.Zero;
        }

        if ((uint)(left + 1) >= (uint)width)
        {
            w1 = w4 = w7 = TBlock.Zero;
        }

        if ((uint)(left + 2) >= (uint)width)
        {
            w2 = w5 = w8 = TBlock.Zero;
        }

        var offset0 = Math.Clamp(left, 0, width - 1) * c;
        var offset1 = Math.Clamp(left + 1, 0, width - 1) * c;
        var offset2 = Math.Clamp(left + 2, 0, width - 1) * c;
        var sum = Taps<TBlock, TBlockVector>(top, middle, bottom, offset0, offset1, offset2, w0, w1, w2, w3, w4, w5, w6, w7, w8, bias);
        TBlock.Store(TBlock.Apply<TActivation>(sum), destination);
    }

    /// <summary>bias + the nine taps, in kh-major order, reading columns at the three given offsets of each row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TBlockVector Taps<TBlock, TBlockVector>(
        float* top,
        float* middle,
        float* bottom,
        nint offset0,
        nint offset1,
        nint offset2,
        TBlockVector w0,
        TBlockVector w1,
        TBlockVector w2,
        TBlockVector w3,
        TBlockVector w4,
        TBlockVector w5,
        TBlockVector w6,
        TBlockVector w7,
        TBlockVector w8,
        TBlockVector bias)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        var sum = TBlock.MultiplyAdd(TBlock.Load(top + offset0), w0, bias);
        sum = TBlock.MultiplyAdd(TBlock.Load(top + offset1), w1, sum);
        sum = TBlock.MultiplyAdd(TBlock.Load(top + offset2), w2, sum);
        sum = TBlock.MultiplyAdd(TBlock.Load(middle + offset0), w3, sum);
        sum = TBlock.MultiplyAdd(TBlock.Load(middle + offset1), w4, sum);
        sum = TBlock.MultiplyAdd(TBlock.Load(middle + offset2), w5, sum);
        sum = TBlock.MultiplyAdd(TBlock.Load(bottom + offset0), w6, sum);
        sum = TBlock.MultiplyAdd(TBlock.Load(bottom + offset1), w7, sum);
        return TBlock.MultiplyAdd(TBlock.Load(bottom + offset2), w8, sum);
    }

    private static void ClippedPixel<TBlock, TBlockVector>(in DepthwiseArguments a, in Layout layout, int inputTop, int column, int channel, TBlockVector bias, float* destination)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        var inputLeft = (column * layout.StrideWidth) - layout.PadLeft;
        var rowStart = Math.Max(0, -inputTop);
        var rowEnd = Math.Min(layout.KernelHeight, layout.InputHeight - inputTop);
        var columnStart = Math.Max(0, -inputLeft);
        var columnEnd = Math.Min(layout.KernelWidth, layout.InputWidth - inputLeft);
        nint c = layout.Channels;
        var sum = bias;
        for (var kh = rowStart; kh < rowEnd; kh++)
        {
            var pixel = a.Input + ((((nint)(inputTop + kh) * layout.InputWidth) + inputLeft + columnStart) * c) + channel;
            var weight = a.Weights + ((((nint)kh * layout.KernelWidth) + columnStart) * c) + channel;
            for (var kw = columnStart; kw < columnEnd; kw++, pixel += c, weight += c)
            {
                sum = TBlock.MultiplyAdd(TBlock.Load(pixel), TBlock.Load(weight), sum);
            }
        }

        TBlock.Store(TBlock.Apply<TActivation>(sum), destination);
    }

    /// <summary>The geometry's fields as plain locals, read once per item rather than through computed properties.</summary>
    private readonly struct Layout(Conv2dGeometry g)
    {
        public readonly int InputHeight = g.InputHeight;
        public readonly int InputWidth = g.InputWidth;
        public readonly int Channels = g.InChannels;
        public readonly int KernelHeight = g.KernelHeight;
        public readonly int KernelWidth = g.KernelWidth;
        public readonly int StrideHeight = g.StrideHeight;
        public readonly int StrideWidth = g.StrideWidth;
        public readonly int PadTop = g.PadTop;
        public readonly int PadLeft = g.PadLeft;
        public readonly int OutputWidth = g.OutputWidth;
    }
}

using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>
/// One output row of a depthwise convolution per parallel item. The row is walked once per block of channels (one
/// vector), so a block's weights and bias are loaded once per row. A 3×3 kernel keeps its nine weight vectors in
/// registers and runs the pixels whose window lies inside the input without any bounds checks; border pixels, other
/// kernel sizes and rows whose window leaves the input go through the clipped general pixel. Both sum the taps in the
/// same kh-major order from the bias, so a pixel's value does not depend on which path or thread computed it.
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
        var rowInside = inputTop >= 0 && inputTop + layout.KernelHeight <= layout.InputHeight;
        if (!rowInside || layout.KernelHeight != 3 || layout.KernelWidth != 3)
        {
            for (var column = 0; column < layout.OutputWidth; column++)
            {
                ClippedPixel<TBlock, TBlockVector>(a, layout, inputTop, column, channel, bias, output + ((long)column * layout.Channels));
            }

            return;
        }

        // Columns [first, end) have their whole 3-wide window inside the input.
        var first = Math.Min((layout.PadLeft + layout.StrideWidth - 1) / layout.StrideWidth, layout.OutputWidth);
        var end = layout.InputWidth + layout.PadLeft - 3 < 0 ? first : Math.Clamp(((layout.InputWidth + layout.PadLeft - 3) / layout.StrideWidth) + 1, first, layout.OutputWidth);
        for (var column = 0; column < first; column++)
        {
            ClippedPixel<TBlock, TBlockVector>(a, layout, inputTop, column, channel, bias, output + ((long)column * layout.Channels));
        }

        Interior3x3<TBlock, TBlockVector>(a, layout, inputTop, first, end, channel, bias, output);

        for (var column = end; column < layout.OutputWidth; column++)
        {
            ClippedPixel<TBlock, TBlockVector>(a, layout, inputTop, column, channel, bias, output + ((long)column * layout.Channels));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interior3x3<TBlock, TBlockVector>(in DepthwiseArguments a, in Layout layout, int inputTop, int first, int end, int channel, TBlockVector bias, float* output)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        nint c = layout.Channels;
        nint row = (nint)layout.InputWidth * c;
        var w = a.Weights + channel;
        var w0 = TBlock.Load(w);
        var w1 = TBlock.Load(w + c);
        var w2 = TBlock.Load(w + (2 * c));
        var w3 = TBlock.Load(w + (3 * c));
        var w4 = TBlock.Load(w + (4 * c));
        var w5 = TBlock.Load(w + (5 * c));
        var w6 = TBlock.Load(w + (6 * c));
        var w7 = TBlock.Load(w + (7 * c));
        var w8 = TBlock.Load(w + (8 * c));

        var step = layout.StrideWidth * c;
        var top = a.Input + (inputTop * row) + (((nint)first * layout.StrideWidth) - layout.PadLeft) * c + channel;
        var destination = output + ((nint)first * c);
        for (var column = first; column < end; column++, top += step, destination += c)
        {
            var middle = top + row;
            var bottom = middle + row;

            // Each pixel is one dependent chain of nine FMAs; consecutive pixels are independent, so the out-of-order
            // core overlaps several of them without an explicit unroll.
            var sum = TBlock.MultiplyAdd(TBlock.Load(top), w0, bias);
            sum = TBlock.MultiplyAdd(TBlock.Load(top + c), w1, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(top + (2 * c)), w2, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(middle), w3, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(middle + c), w4, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(middle + (2 * c)), w5, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(bottom), w6, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(bottom + c), w7, sum);
            sum = TBlock.MultiplyAdd(TBlock.Load(bottom + (2 * c)), w8, sum);
            TBlock.Store(TBlock.Apply<TActivation>(sum), destination);
        }
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

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
internal readonly unsafe partial struct DepthwiseRows<TSimd, TVector, TActivation>(DepthwiseArguments arguments) : IParallelBody
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

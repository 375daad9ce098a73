using System.Runtime.CompilerServices;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>The 3×3 path of <see cref="DepthwiseRows{TSimd, TVector, TActivation}"/>: MobileNet's every depthwise layer.</summary>
internal readonly unsafe partial struct DepthwiseRows<TSimd, TVector, TActivation>
{
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
        for (var border = 0; border < first; border++)
        {
            BorderPixel<TBlock, TBlockVector>(layout, top, middle, bottom, border, w0, w1, w2, w3, w4, w5, w6, w7, w8, bias, output + (border * c));
        }

        var step = layout.StrideWidth * c;
        var offset = (((nint)first * layout.StrideWidth) - layout.PadLeft) * c;
        var destination = output + (first * c);
        var column = first;
        if (layout.StrideWidth == 1)
        {
            // Stride 1: two neighbouring pixels share two of their three input columns, so a pair loads 12 vectors for
            // 18 FMAs instead of 18, which moves the loop from the load ports to the FMA ports. The taps keep their order.
            for (; column + 2 <= end; column += 2, offset += 2 * c, destination += 2 * c)
            {
                var (left, right) = TapsPair<TBlock, TBlockVector>(top, middle, bottom, offset, c, w0, w1, w2, w3, w4, w5, w6, w7, w8, bias);
                TBlock.Store(TBlock.Apply<TActivation>(left), destination);
                TBlock.Store(TBlock.Apply<TActivation>(right), destination + c);
            }
        }

        for (; column < end; column++, offset += step, destination += c)
        {
            // Each pixel is one dependent chain of nine FMAs; consecutive pixels are independent, so the out-of-order
            // core overlaps several of them without an explicit unroll.
            var sum = Taps<TBlock, TBlockVector>(top, middle, bottom, offset, offset + c, offset + (2 * c), w0, w1, w2, w3, w4, w5, w6, w7, w8, bias);
            TBlock.Store(TBlock.Apply<TActivation>(sum), destination);
        }

        for (var border = end; border < outputWidth; border++)
        {
            BorderPixel<TBlock, TBlockVector>(layout, top, middle, bottom, border, w0, w1, w2, w3, w4, w5, w6, w7, w8, bias, output + (border * c));
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

    /// <summary>Two stride-1 neighbours at once: each sums bias + its nine taps in the same kh-major order as <see cref="Taps"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TBlockVector Left, TBlockVector Right) TapsPair<TBlock, TBlockVector>(
        float* top,
        float* middle,
        float* bottom,
        nint offset,
        nint c,
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
        var left = bias;
        var right = bias;
        RowPair<TBlock, TBlockVector>(top + offset, c, w0, w1, w2, ref left, ref right);
        RowPair<TBlock, TBlockVector>(middle + offset, c, w3, w4, w5, ref left, ref right);
        RowPair<TBlock, TBlockVector>(bottom + offset, c, w6, w7, w8, ref left, ref right);
        return (left, right);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowPair<TBlock, TBlockVector>(float* row, nint c, TBlockVector wa, TBlockVector wb, TBlockVector wc, ref TBlockVector left, ref TBlockVector right)
        where TBlock : ISimd<TBlockVector>
        where TBlockVector : struct
    {
        var x0 = TBlock.Load(row);
        var x1 = TBlock.Load(row + c);
        var x2 = TBlock.Load(row + (2 * c));
        var x3 = TBlock.Load(row + (3 * c));
        left = TBlock.MultiplyAdd(x0, wa, left);
        right = TBlock.MultiplyAdd(x1, wa, right);
        left = TBlock.MultiplyAdd(x1, wb, left);
        right = TBlock.MultiplyAdd(x2, wb, right);
        left = TBlock.MultiplyAdd(x2, wc, left);
        right = TBlock.MultiplyAdd(x3, wc, right);
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
}

using Toolkit.Kernels.Convolution;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// The im2col rows of a u8 NHWC image: one row per output pixel, its receptive field in (kh, kw, cin) order (the order
/// of HWIO weights flattened to [KH·KW·Cin, Cout]), with the input's zero point where the field leaves the image.
/// </summary>
internal static class Int8Im2Col
{
    public static void Gather(Conv2dGeometry g, ReadOnlySpan<byte> x, byte zeroPoint, Span<byte> rows)
    {
        var cin = g.InChannels;
        var depth = g.KernelHeight * g.KernelWidth * cin;
        for (var oh = 0; oh < g.OutputHeight; oh++)
        {
            for (var ow = 0; ow < g.OutputWidth; ow++)
            {
                var row = rows.Slice(((oh * g.OutputWidth) + ow) * depth, depth);
                for (var kh = 0; kh < g.KernelHeight; kh++)
                {
                    var ih = (oh * g.StrideHeight) - g.PadTop + kh;
                    for (var kw = 0; kw < g.KernelWidth; kw++)
                    {
                        var iw = (ow * g.StrideWidth) - g.PadLeft + kw;
                        var field = row.Slice(((kh * g.KernelWidth) + kw) * cin, cin);
                        if (ih < 0 || ih >= g.InputHeight || iw < 0 || iw >= g.InputWidth)
                        {
                            field.Fill(zeroPoint);
                        }
                        else
                        {
                            x.Slice(((ih * g.InputWidth) + iw) * cin, cin).CopyTo(field);
                        }
                    }
                }
            }
        }
    }
}

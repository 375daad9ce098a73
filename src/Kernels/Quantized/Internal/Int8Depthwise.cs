using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// Depthwise convolution in int8: per output pixel and channel, the s32 sum of u8 inputs times s8 taps over the
/// kernel window, where a window position outside the image reads the input's zero point (a real zero). The sums
/// then go through <see cref="RequantizedOutput"/> with each channel's tap sum as its column sum, which takes the zero
/// point out exactly as for a GEMM. Channels run 16 (512-bit tiers) or 8 (256-bit tiers) at a time, widened to s32;
/// output rows are the parallel items.
/// </summary>
internal sealed unsafe class Int8Depthwise
{
    private readonly Int8Isa isa;
    private readonly Conv2dGeometry geometry;

    /// <summary>The taps widened to s32, [KH·KW][C].</summary>
    private readonly int[] taps;

    /// <summary>Σ taps per channel.</summary>
    private readonly int[] tapSums;

    public Int8Depthwise(Int8Isa isa, Conv2dGeometry geometry, ReadOnlySpan<sbyte> hwio)
    {
        this.isa = isa;
        this.geometry = geometry;
        var channels = geometry.OutChannels;
        taps = new int[hwio.Length];
        tapSums = new int[channels];
        for (var i = 0; i < hwio.Length; i++)
        {
            taps[i] = hwio[i];
            tapSums[i % channels] += hwio[i];
        }
    }

    public void Run(CpuContext cpu, ReadOnlySpan<byte> x, Requantization q, Span<byte> y)
    {
        var channels = geometry.OutChannels;
        var padding = stackalloc byte[channels];
        new Span<byte>(padding, channels).Fill(q.InputZeroPoint);
        fixed (byte* px = x, py = y)
        fixed (int* pTaps = taps, sums = tapSums, bias = q.Bias)
        fixed (float* multipliers = q.Multipliers)
        {
            var body = new RowBody
            {
                Isa = isa,
                Geometry = geometry,
                X = px,
                Padding = padding,
                Taps = pTaps,
                Epilogue = RequantizedOutput.For(q, py, channels, sums, bias, multipliers),
            };
            cpu.For(geometry.OutputHeight, body);
        }
    }

    private struct RowBody : IParallelBody
    {
        public Int8Isa Isa;
        public Conv2dGeometry Geometry;
        public byte* X;
        public byte* Padding;
        public int* Taps;
        public RequantizedOutput Epilogue;

        public readonly void Run(int oh)
        {
            var g = Geometry;
            var channels = g.OutChannels;
            var window = g.KernelHeight * g.KernelWidth;
            var sources = stackalloc byte*[window];
            var sums = stackalloc int[channels];
            for (var ow = 0; ow < g.OutputWidth; ow++)
            {
                for (var kh = 0; kh < g.KernelHeight; kh++)
                {
                    var ih = (oh * g.StrideHeight) - g.PadTop + kh;
                    for (var kw = 0; kw < g.KernelWidth; kw++)
                    {
                        var iw = (ow * g.StrideWidth) - g.PadLeft + kw;
                        sources[(kh * g.KernelWidth) + kw] = ih < 0 || ih >= g.InputHeight || iw < 0 || iw >= g.InputWidth
                            ? Padding
                            : X + (((ih * g.InputWidth) + iw) * channels);
                    }
                }

                var c = Isa switch
                {
                    Int8Isa.Avx512Bw or Int8Isa.Avx512Vnni => Sum512(sources, window, channels, sums),
                    Int8Isa.Avx2 or Int8Isa.AvxVnni => Sum256(sources, window, channels, sums),
                    _ => 0,
                };
                for (; c < channels; c++)
                {
                    var sum = 0;
                    for (var t = 0; t < window; t++)
                    {
                        sum += sources[t][c] * Taps[(t * channels) + c];
                    }

                    sums[c] = sum;
                }

                Epilogue.Store(sums, channels, (oh * g.OutputWidth) + ow, 0, 1, channels);
            }
        }

        /// <summary>Whole blocks of 16 channels; returns the first channel left.</summary>
        private readonly int Sum512(byte** sources, int window, int channels, int* sums)
        {
            var c = 0;
            for (; c + 16 <= channels; c += 16)
            {
                var sum = Vector512<int>.Zero;
                for (var t = 0; t < window; t++)
                {
                    sum += Avx512F.ConvertToVector512Int32(Vector128.Load(sources[t] + c)) * Vector512.Load(Taps + (t * channels) + c);
                }

                sum.Store(sums + c);
            }

            return c;
        }

        /// <summary>Whole blocks of 8 channels; returns the first channel left.</summary>
        private readonly int Sum256(byte** sources, int window, int channels, int* sums)
        {
            var c = 0;
            for (; c + 8 <= channels; c += 8)
            {
                var sum = Vector256<int>.Zero;
                for (var t = 0; t < window; t++)
                {
                    sum += Avx2.ConvertToVector256Int32(sources[t] + c) * Vector256.Load(Taps + (t * channels) + c);
                }

                sum.Store(sums + c);
            }

            return c;
        }
    }
}

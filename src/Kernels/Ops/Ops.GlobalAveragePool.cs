using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// The mean of each channel over all pixels of one NHWC image: [height, width, channels] → [channels]. Pixels are
    /// summed in order into the destination, one vector of channels at a time, so the input streams through once.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a length does not match.</exception>
    public static unsafe void GlobalAveragePool(CpuContext cpu, int height, int width, int channels, ReadOnlySpan<float> input, Span<float> destination)
    {
        Guard.Positive(height, nameof(height));
        Guard.Positive(width, nameof(width));
        Guard.Positive(channels, nameof(channels));
        Guard.Length(input.Length, (long)height * width * channels, nameof(input), "height × width × channels");
        Guard.Length(destination.Length, channels, nameof(destination), "channels");
        if (input.Overlaps(destination))
        {
            throw new ArgumentException("destination overlaps input; global pooling cannot run in place.", nameof(destination));
        }

        fixed (float* x = input)
        fixed (float* y = destination)
        {
            var pixels = height * width;
            switch (cpu.Isa)
            {
                case Isa.Avx512:
                    GlobalAverage<Simd512, Vector512<float>>(x, y, pixels, channels);
                    break;
                case Isa.Avx2:
                    GlobalAverage<Simd256, Vector256<float>>(x, y, pixels, channels);
                    break;
                case Isa.Vector128:
                    GlobalAverage<Simd128, Vector128<float>>(x, y, pixels, channels);
                    break;
                default:
                    GlobalAverage<SimdScalar, float>(x, y, pixels, channels);
                    break;
            }
        }
    }

    private static unsafe void GlobalAverage<TSimd, TVector>(float* x, float* y, int pixels, int channels)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        // The destination is the accumulator; an overlapping last vector would add its shared channels twice, so the
        // channels past the last whole vector are summed with scalar code.
        var vectorChannels = channels - (channels % TSimd.Count);
        new Span<float>(y, channels).Clear();
        for (var p = 0; p < pixels; p++)
        {
            var pixel = x + ((long)p * channels);
            for (var c = 0; c < vectorChannels; c += TSimd.Count)
            {
                TSimd.Store(TSimd.Add(TSimd.Load(y + c), TSimd.Load(pixel + c)), y + c);
            }

            for (var c = vectorChannels; c < channels; c++)
            {
                y[c] += pixel[c];
            }
        }

        float count = pixels;
        for (var c = 0; c < channels; c++)
        {
            y[c] /= count;
        }
    }
}

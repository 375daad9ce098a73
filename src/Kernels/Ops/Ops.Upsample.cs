using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// Nearest-neighbour upsampling of one NHWC image by an integer factor, as YOLOv5's ×2 Upsample:
    /// [height, width, channels] → [height·factor, width·factor, channels], out[y, x] = in[y / factor, x / factor].
    /// Input rows run in parallel; each builds one output row and copies it factor − 1 times.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a length does not match.</exception>
    public static unsafe void UpsampleNearest(CpuContext cpu, int height, int width, int channels, int factor, ReadOnlySpan<float> input, Span<float> destination)
    {
        Guard.Positive(height, nameof(height));
        Guard.Positive(width, nameof(width));
        Guard.Positive(channels, nameof(channels));
        Guard.Positive(factor, nameof(factor));
        Guard.Length(input.Length, (long)height * width * channels, nameof(input), "height × width × channels");
        Guard.Length(destination.Length, (long)height * width * channels * factor * factor, nameof(destination), "height × width × channels × factor²");
        if (input.Overlaps(destination))
        {
            throw new ArgumentException("destination overlaps input; upsampling cannot run in place.", nameof(destination));
        }

        fixed (float* x = input)
        fixed (float* y = destination)
        {
            cpu.For(height, new UpsampleRows(cpu.Isa, x, y, width, channels, factor));
        }
    }

    private readonly unsafe struct UpsampleRows(Isa isa, float* input, float* output, int width, int channels, int factor) : IParallelBody
    {
        public void Run(int index)
        {
            var outputRowLength = (long)width * factor * channels;
            var source = input + ((long)index * width * channels);
            var firstRow = output + ((long)index * factor * outputRowLength);
            var pixel = firstRow;
            for (var column = 0; column < width; column++, source += channels)
            {
                for (var copy = 0; copy < factor; copy++, pixel += channels)
                {
                    UnaryDriver.ApplyUnchecked<IdentityOperator>(isa, ref *source, ref *pixel, (nuint)channels);
                }
            }

            for (var copy = 1; copy < factor; copy++)
            {
                UnaryDriver.ApplyUnchecked<IdentityOperator>(isa, ref *firstRow, ref *(firstRow + (copy * outputRowLength)), (nuint)outputRowLength);
            }
        }
    }
}

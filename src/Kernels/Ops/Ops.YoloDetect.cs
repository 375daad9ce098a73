using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// YOLOv5's Detect decode of one pyramid level for one image. The head convolution's output is NHWC
    /// [height, width, anchors × rowLength] (the channels of one anchor are contiguous); the destination is
    /// [anchors × height × width, rowLength] in YOLOv5's row order (anchor, y, x). Each row is the sigmoid of its inputs,
    /// after which x,y = (2σ − 0.5 + cell) · stride and w,h = (2σ)² · anchor size (YOLOv5 v6's decode, which bounds boxes
    /// to 4× the anchor). The sigmoid runs at the context's width; the four box values are then fixed up one by one.
    /// Grid rows run in parallel.
    /// </summary>
    /// <param name="anchorSizes">Anchor widths and heights in pixels, [w0, h0, w1, h1, ...].</param>
    /// <param name="stridePixels">Input pixels per grid cell (8, 16 or 32 in YOLOv5).</param>
    /// <exception cref="ArgumentException">A size is not positive, anchors are not pairs, rows are shorter than 5 or a length does not match.</exception>
    public static unsafe void YoloDetect(CpuContext cpu, int height, int width, int rowLength, ReadOnlySpan<float> anchorSizes, float stridePixels, ReadOnlySpan<float> input, Span<float> destination)
    {
        Guard.Positive(height, nameof(height));
        Guard.Positive(width, nameof(width));
        if (rowLength < 5)
        {
            throw new ArgumentOutOfRangeException(nameof(rowLength), rowLength, $"rowLength must be at least 5 (x, y, w, h, objectness); received {rowLength}.");
        }

        if (anchorSizes.Length == 0 || anchorSizes.Length % 2 != 0)
        {
            throw new ArgumentException($"anchorSizes has length {anchorSizes.Length}; expected a positive even count (width, height pairs).", nameof(anchorSizes));
        }

        if (!(stridePixels > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(stridePixels), stridePixels, $"stridePixels must be positive; received {stridePixels}.");
        }

        var anchors = anchorSizes.Length / 2;
        var length = (long)height * width * anchors * rowLength;
        Guard.Length(input.Length, length, nameof(input), "height × width × anchors × rowLength");
        Guard.Length(destination.Length, length, nameof(destination), "anchors × height × width × rowLength");
        if (input.Overlaps(destination))
        {
            throw new ArgumentException("destination overlaps input; the decode reorders rows and cannot run in place.", nameof(destination));
        }

        fixed (float* x = input)
        fixed (float* y = destination)
        fixed (float* a = anchorSizes)
        {
            cpu.For(height, new DetectRows(cpu.Isa, x, y, a, anchors, height, width, rowLength, stridePixels));
        }
    }

    private readonly unsafe struct DetectRows(Isa isa, float* input, float* output, float* anchorSizes, int anchors, int height, int width, int rowLength, float stridePixels) : IParallelBody
    {
        public void Run(int index)
        {
            var cells = (long)height * width;
            for (var column = 0; column < width; column++)
            {
                var cell = ((long)index * width) + column;
                var source = input + (cell * anchors * rowLength);
                for (var anchor = 0; anchor < anchors; anchor++, source += rowLength)
                {
                    var row = output + ((((long)anchor * cells) + cell) * rowLength);
                    UnaryDriver.ApplyUnchecked<SigmoidOperator>(isa, ref *source, ref *row, (nuint)rowLength);
                    row[0] = ((2f * row[0]) + (column - 0.5f)) * stridePixels;
                    row[1] = ((2f * row[1]) + (index - 0.5f)) * stridePixels;
                    var w = 2f * row[2];
                    var h = 2f * row[3];
                    row[2] = w * w * anchorSizes[2 * anchor];
                    row[3] = h * h * anchorSizes[(2 * anchor) + 1];
                }
            }
        }
    }
}

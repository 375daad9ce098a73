using static TorchSharp.torch;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>
/// YOLOv5's Detect decode of one level in libtorch operations, as YOLOv5's own PyTorch head computes it: the head's
/// NHWC output [N,H,W,A·K] viewed as [N,A,H,W,K], a sigmoid, then x,y = (2σ − 0.5 + cell) · stride and
/// w,h = (2σ)² · anchor, flattened to [N, A·H·W, K] in (anchor, y, x) order. The grid and anchors are built once.
/// </summary>
internal sealed class YoloDecode : IDisposable
{
    private readonly Tensor gridMinusHalf;
    private readonly Tensor anchorSizes;
    private readonly int height;
    private readonly int width;
    private readonly int anchors;
    private readonly int rowLength;
    private readonly float stridePixels;

    public YoloDecode(int height, int width, float[] anchorPixels, int stridePixels, int channels)
    {
        (this.height, this.width, this.stridePixels) = (height, width, stridePixels);
        anchors = anchorPixels.Length / 2;
        rowLength = channels / anchors;
        var grid = new float[height * width * 2];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                grid[((y * width) + x) * 2] = x - 0.5f;
                grid[(((y * width) + x) * 2) + 1] = y - 0.5f;
            }
        }

        gridMinusHalf = TensorTransfer.ToTorch(grid, 1, 1, height, width, 2);
        anchorSizes = TensorTransfer.ToTorch(anchorPixels, 1, anchors, 1, 1, 2);
    }

    public Tensor Run(Tensor x)
    {
        var batch = x.shape[0];
        var sigmoid = x.reshape(batch, height, width, anchors, rowLength).permute(0, 3, 1, 2, 4).sigmoid();
        var xy = sigmoid.narrow(-1, 0, 2).mul(2).add(gridMinusHalf).mul(stridePixels);
        var wh = sigmoid.narrow(-1, 2, 2).mul(2).square().mul(anchorSizes);
        return cat([xy, wh, sigmoid.narrow(-1, 4, rowLength - 4)], -1).reshape(batch, (long)anchors * height * width, rowLength);
    }

    public void Dispose()
    {
        gridMinusHalf.Dispose();
        anchorSizes.Dispose();
    }
}

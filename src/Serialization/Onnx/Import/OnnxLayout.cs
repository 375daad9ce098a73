using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>The weight and axis conversions from ONNX's layouts (NCHW values, OIHW convolution weights) to ours.</summary>
internal static class OnnxLayout
{
    /// <summary>OIHW [O, I, KH, KW] → HWIO [KH, KW, I, O], our convolution weight layout.</summary>
    public static Tensor OihwToHwio(Tensor oihw)
    {
        var (o, i, kh, kw) = (oihw.Shape[0], oihw.Shape[1], oihw.Shape[2], oihw.Shape[3]);
        var strides = ConstantMath.Strides(oihw.Shape);
        return ConstantMath.Gather(oihw, [kh, kw, i, o], [strides[2], strides[3], strides[1], strides[0]]);
    }

    /// <summary>[N, K] → [K, N].</summary>
    public static Tensor Transpose2d(Tensor matrix) =>
        ConstantMath.Gather(matrix, [matrix.Shape[1], matrix.Shape[0]], [1, matrix.Shape[1]]);

    /// <summary>The NHWC axis that holds NCHW axis <paramref name="axis"/>.</summary>
    public static int ChannelsLastAxis(int axis) => axis switch
    {
        0 => 0,
        1 => 3,
        2 => 1,
        _ => 2,
    };
}

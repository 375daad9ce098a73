using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx;

/// <summary>Weight layout conversions between our graphs and ONNX.</summary>
internal static class OnnxWeights
{
    /// <summary>HWIO [KH, KW, I, O] → OIHW [O, I, KH, KW], ONNX's convolution weight layout.</summary>
    public static Tensor ConvolutionOihw(Tensor hwio)
    {
        var (kh, kw, ci, co) = (hwio.Shape[0], hwio.Shape[1], hwio.Shape[2], hwio.Shape[3]);
        var source = hwio.AsSpan<float>();
        var result = Tensor.Zeros(DataType.Float32, co, ci, kh, kw);
        var target = result.AsSpan<float>();
        for (var y = 0; y < kh; y++)
        {
            for (var x = 0; x < kw; x++)
            {
                for (var i = 0; i < ci; i++)
                {
                    for (var o = 0; o < co; o++)
                    {
                        target[(((o * ci) + i) * kh + y) * kw + x] = source[(((y * kw) + x) * ci + i) * co + o];
                    }
                }
            }
        }

        return result;
    }
}

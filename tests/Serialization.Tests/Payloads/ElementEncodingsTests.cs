using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Serialization.Tests.Payloads;

public class ElementEncodingsTests
{
    [Fact]
    public void Uint8_pixels_restore_k_over_255_exactly()
    {
        var image = PayloadGenerator.Request(PaperModel.MobileNetV1).Tensors[0].Tensor;
        var restored = ElementEncodings.FromUInt8Pixels(ElementEncodings.ToUInt8Pixels(image));
        Assert.Equal(image.Data, restored.Data);
        Assert.Equal(image.Shape, restored.Shape);
    }

    [Fact]
    public void Float16_keeps_pixels_within_half_precision()
    {
        var image = PayloadGenerator.Request(PaperModel.MobileNetV1).Tensors[0].Tensor;
        var half = ElementEncodings.ToFloat16(image);
        Assert.Equal(DataType.Float16, half.DataType);
        Assert.Equal(image.Data.Length / 2, half.Data.Length);
        var back = ElementEncodings.ToFloat32(half).AsSpan<float>();
        var original = image.AsSpan<float>();
        for (var i = 0; i < original.Length; i++)
        {
            // Half has an 11-bit significand: relative error at most 2^-11 for values in [0,1].
            Assert.True(Math.Abs(back[i] - original[i]) <= Math.Max(original[i], 6e-5f) / 2048, $"{original[i]} became {back[i]}");
        }
    }
}

using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Payloads;

/// <summary>
/// Smaller element encodings for the wire: float16 halves a float32 tensor; uint8 pixels quarter an image, and the
/// server restores k/255 exactly (the paper's images are k/255 to begin with).
/// </summary>
public static class ElementEncodings
{
    public static Tensor ToFloat16(Tensor tensor)
    {
        var source = tensor.AsSpan<float>();
        var result = Tensor.Zeros(DataType.Float16, tensor.Shape);
        var target = result.AsSpan<Half>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (Half)source[i];
        }

        return result;
    }

    public static Tensor ToFloat32(Tensor tensor)
    {
        var source = tensor.AsSpan<Half>();
        var result = Tensor.Zeros(DataType.Float32, tensor.Shape);
        var target = result.AsSpan<float>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (float)source[i];
        }

        return result;
    }

    /// <summary>k/255 floats to pixel levels k, rounding to the nearest level.</summary>
    public static Tensor ToUInt8Pixels(Tensor tensor)
    {
        var source = tensor.AsSpan<float>();
        var result = Tensor.Zeros(DataType.UInt8, tensor.Shape);
        var target = result.AsSpan<byte>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (byte)Math.Clamp(MathF.Round(source[i] * 255f), 0f, 255f);
        }

        return result;
    }

    /// <summary>Pixel levels k to k/255 floats: what the server does before inference.</summary>
    public static Tensor FromUInt8Pixels(Tensor tensor)
    {
        var source = tensor.AsSpan<byte>();
        var result = Tensor.Zeros(DataType.Float32, tensor.Shape);
        var target = result.AsSpan<float>();
        Span<float> levels = stackalloc float[256];
        for (var k = 0; k < levels.Length; k++)
        {
            levels[k] = k / 255f;
        }

        for (var i = 0; i < source.Length; i++)
        {
            target[i] = levels[source[i]];
        }

        return result;
    }
}

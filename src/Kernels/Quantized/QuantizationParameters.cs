using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Quantized;

/// <summary>
/// Affine u8 quantization of one tensor, as ONNX's QuantizeLinear and DequantizeLinear define it:
/// q = saturate(round(x / Scale) + ZeroPoint) with rounding half to even, and x ≈ (q − ZeroPoint) · Scale.
/// </summary>
public readonly record struct QuantizationParameters(float Scale, byte ZeroPoint)
{
    /// <summary>
    /// The parameters that cover [<paramref name="min"/>, <paramref name="max"/>] widened to include 0, so that 0 (padding,
    /// ReLU's floor) is exact. A range of one point gets a tiny positive scale rather than a zero one.
    /// </summary>
    /// <exception cref="ArgumentException">A bound that is not finite.</exception>
    public static QuantizationParameters FromRange(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"A calibration range must be finite and ordered; received [{min}, {max}].", nameof(min));
        }

        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = Math.Max((max - min) / 255f, 1e-8f);
        var zeroPoint = (byte)Math.Clamp(MathF.Round(-min / scale, MidpointRounding.ToEven), 0, 255);
        return new QuantizationParameters(scale, zeroPoint);
    }

    public byte Quantize(float x) => (byte)Math.Clamp(MathF.Round(x / Scale, MidpointRounding.ToEven) + ZeroPoint, 0, 255);

    public float Dequantize(byte q) => (q - ZeroPoint) * Scale;

    /// <summary>Quantizes <paramref name="x"/> into <paramref name="q"/>, eight at a time where vectors are accelerated (same results).</summary>
    public unsafe void Quantize(ReadOnlySpan<float> x, Span<byte> q)
    {
        RequireLengths(x.Length, q.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            fixed (float* px = x)
            fixed (byte* pq = q)
            {
                var (scale, zeroPoint, high) = (Vector256.Create(Scale), Vector256.Create((float)ZeroPoint), Vector256.Create(255f));
                for (; i + 8 <= x.Length; i += 8)
                {
                    var value = Vector256.Min(Vector256.Max(Vector256.Round(Vector256.Load(px + i) / scale) + zeroPoint, Vector256<float>.Zero), high);
                    var words = Vector256.Narrow(Vector256.ConvertToInt32(value), default).GetLower();
                    *(ulong*)(pq + i) = Vector128.Narrow(words, words).AsUInt64().ToScalar();
                }
            }
        }

        for (; i < x.Length; i++)
        {
            q[i] = Quantize(x[i]);
        }
    }

    /// <summary>Dequantizes <paramref name="q"/> into <paramref name="x"/>.</summary>
    public void Dequantize(ReadOnlySpan<byte> q, Span<float> x)
    {
        RequireLengths(q.Length, x.Length);
        for (var i = 0; i < q.Length; i++)
        {
            x[i] = Dequantize(q[i]);
        }
    }

    private static void RequireLengths(int source, int destination)
    {
        if (destination < source)
        {
            throw new ArgumentException($"The destination holds {destination} elements; the source has {source}.", nameof(destination));
        }
    }
}

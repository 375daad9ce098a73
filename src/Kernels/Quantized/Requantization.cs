namespace Toolkit.Kernels.Quantized;

/// <summary>
/// How an int8 GEMM's s32 sums become u8 outputs, per output column n:
/// <c>y = clamp(round((acc − zₐ·Σₖ B[k, n] + bias[n]) · multiplier[n]) + z_y, min, max)</c>, rounding half to even,
/// where multiplier[n] = sₐ·s_w[n] / s_y. This is ONNX's QLinearConv / QLinearMatMul arithmetic with per-channel
/// symmetric weights (zero point 0) and an s32 bias quantized at scale sₐ·s_w[n]; a fused ReLU or ReLU6 becomes the clamp.
/// </summary>
public sealed class Requantization
{
    private Requantization(byte inputZeroPoint, float[] multipliers, int[] bias, byte outputZeroPoint, byte min, byte max)
    {
        InputZeroPoint = inputZeroPoint;
        Multipliers = multipliers;
        Bias = bias;
        OutputZeroPoint = outputZeroPoint;
        Min = min;
        Max = max;
    }

    public byte InputZeroPoint { get; }

    /// <summary>sₐ·s_w[n] / s_y per column.</summary>
    public float[] Multipliers { get; }

    /// <summary>The bias per column in s32 at scale sₐ·s_w[n] (zeros when the layer has none).</summary>
    public int[] Bias { get; }

    public byte OutputZeroPoint { get; }

    /// <summary>The clamp's lower bound: 0, or the zero point under a fused ReLU.</summary>
    public byte Min { get; }

    /// <summary>The clamp's upper bound: 255, or 6 quantized under a fused ReLU6.</summary>
    public byte Max { get; }

    /// <summary>Builds the requantization of one layer from its real scales.</summary>
    /// <param name="weightScales">s_w per output column (per channel), or one value for the whole tensor.</param>
    /// <param name="bias">The real bias per column, or empty for none.</param>
    /// <exception cref="ArgumentException">A scale is not positive and finite, or the lengths disagree.</exception>
    /// <exception cref="NotSupportedException">An activation other than None, ReLU or ReLU6.</exception>
    public static Requantization Create(int columns, float inputScale, byte inputZeroPoint, ReadOnlySpan<float> weightScales, ReadOnlySpan<float> bias, float outputScale, byte outputZeroPoint, Activation activation = Activation.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        RequireScale(inputScale, nameof(inputScale));
        RequireScale(outputScale, nameof(outputScale));
        if (weightScales.Length != columns && weightScales.Length != 1)
        {
            throw new ArgumentException($"Expected {columns} weight scales (one per column) or 1; received {weightScales.Length}.", nameof(weightScales));
        }

        if (!bias.IsEmpty && bias.Length != columns)
        {
            throw new ArgumentException($"Expected {columns} bias values or none; received {bias.Length}.", nameof(bias));
        }

        var multipliers = new float[columns];
        var quantizedBias = new int[columns];
        for (var n = 0; n < columns; n++)
        {
            var weightScale = weightScales[weightScales.Length == 1 ? 0 : n];
            RequireScale(weightScale, nameof(weightScales));
            var accumulatorScale = (double)inputScale * weightScale;
            multipliers[n] = (float)(accumulatorScale / outputScale);
            quantizedBias[n] = bias.IsEmpty ? 0 : (int)Math.Clamp(Math.Round(bias[n] / accumulatorScale, MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }

        var (min, max) = activation switch
        {
            Activation.None => (0, 255),
            Activation.Relu => (outputZeroPoint, 255),
            Activation.Relu6 => (outputZeroPoint, (int)Math.Clamp(Math.Round(6.0 / outputScale, MidpointRounding.ToEven) + outputZeroPoint, outputZeroPoint, 255)),
            _ => throw new NotSupportedException($"The int8 epilogue fuses None, Relu and Relu6; received '{activation}'."),
        };
        return new Requantization(inputZeroPoint, multipliers, quantizedBias, outputZeroPoint, (byte)min, (byte)max);
    }

    private static void RequireScale(float scale, string name)
    {
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            throw new ArgumentException($"A quantization scale must be positive and finite; received {scale}.", name);
        }
    }
}

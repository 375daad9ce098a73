namespace Toolkit.Kernels.Convolution;

/// <summary>
/// Folds an inference-time batch normalization that follows a convolution into the convolution's weights and bias,
/// so the model runs one fused kernel: with s = γ / √(σ² + ε), w' = w · s and b' = (b − μ) · s + β per output channel.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>
    /// Folds the batch norm. The output channel is the weights' last axis: HWIO [KH, KW, I, O] for a regular convolution,
    /// [KH, KW, C] for a depthwise one; gamma.Length is that channel count. The scale is computed in double and each
    /// folded value rounded once to float.
    /// </summary>
    /// <param name="weights">Weights whose last axis is the output channel.</param>
    /// <param name="bias">[channels], or empty for a convolution without bias (b = 0).</param>
    /// <param name="gamma">Scale γ, [channels].</param>
    /// <param name="beta">Shift β, [channels].</param>
    /// <param name="mean">Running mean μ, [channels].</param>
    /// <param name="variance">Running variance σ², [channels].</param>
    /// <param name="epsilon">ε added to the variance.</param>
    /// <param name="foldedWeights">Same length as weights; may be weights itself.</param>
    /// <param name="foldedBias">[channels]; may be bias itself.</param>
    /// <exception cref="ArgumentException">A length does not match, or σ² + ε is not positive for some channel.</exception>
    public static void Fold(
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> variance,
        float epsilon,
        Span<float> foldedWeights,
        Span<float> foldedBias)
    {
        var channels = gamma.Length;
        if (channels == 0)
        {
            throw new ArgumentException("gamma is empty; expected one value per output channel.", nameof(gamma));
        }

        RequireLength(beta.Length, channels, nameof(beta));
        RequireLength(mean.Length, channels, nameof(mean));
        RequireLength(variance.Length, channels, nameof(variance));
        RequireLength(foldedBias.Length, channels, nameof(foldedBias));
        if (!bias.IsEmpty)
        {
            RequireLength(bias.Length, channels, nameof(bias));
        }

        if (weights.Length % channels != 0)
        {
            throw new ArgumentException($"weights has length {weights.Length}; expected a multiple of the {channels} output channels (the last axis).", nameof(weights));
        }

        RequireLength(foldedWeights.Length, weights.Length, nameof(foldedWeights));

        Span<double> scale = channels <= 1024 ? stackalloc double[channels] : new double[channels];
        for (var c = 0; c < channels; c++)
        {
            var denominator = (double)variance[c] + epsilon;
            if (!(denominator > 0))
            {
                throw new ArgumentException($"variance[{c}] + epsilon is {denominator}; expected a positive value.", nameof(variance));
            }

            scale[c] = gamma[c] / Math.Sqrt(denominator);
        }

        for (var i = 0; i < weights.Length; i++)
        {
            foldedWeights[i] = (float)(weights[i] * scale[i % channels]);
        }

        for (var c = 0; c < channels; c++)
        {
            var b = bias.IsEmpty ? 0.0 : bias[c];
            foldedBias[c] = (float)(((b - mean[c]) * scale[c]) + beta[c]);
        }
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has length {actual}; expected {expected}.", name);
        }
    }
}

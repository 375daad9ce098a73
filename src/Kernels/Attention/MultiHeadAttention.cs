using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Attention;

/// <summary>
/// BERT's multi-head self-attention core over one sequence, after the fused Q|K|V projection and before the output
/// projection: for each head h, O_h = softmax(Q_h · K_hᵀ / √d + maskBias) · V_h, written to columns [h·d, (h+1)·d) of
/// the output. It is a batched GEMM over heads made of the toolkit's own pieces: <see cref="Sgemm"/> (so every ISA tier
/// and the bit-identical threading come with it) for both products, and <see cref="Primitives.MaskedSoftmax"/> between.
/// </summary>
public static class MultiHeadAttention
{
    /// <summary>Floats of scratch one call needs: the [tokens × tokens] scores of one head and one transposed K_h.</summary>
    public static long ScratchLength(int tokens, int headSize) => ((long)tokens * tokens) + ((long)headSize * tokens);

    /// <summary>
    /// Attends one sequence. <paramref name="qkv"/> is row-major [tokens × 3·hidden] with Q, K and V side by side, each
    /// split into <paramref name="heads"/> heads of hidden / heads columns; <paramref name="maskBias"/> has one additive
    /// value per key (0 for a token, −10000 for padding); <paramref name="destination"/> is [tokens × hidden].
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match, or hidden is not a multiple of heads.</exception>
    public static void SelfAttend(CpuContext cpu, ReadOnlySpan<float> qkv, ReadOnlySpan<float> maskBias, int tokens, int heads, Span<float> destination, Span<float> scratch)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        if (qkv.Length % (3L * tokens) != 0)
        {
            throw new ArgumentException($"qkv has length {qkv.Length}; expected tokens ({tokens}) × 3 × hidden.", nameof(qkv));
        }

        var hidden = (int)(qkv.Length / (3L * tokens));
        if (hidden % heads != 0 || hidden == 0)
        {
            throw new ArgumentException($"The hidden size {hidden} (from qkv) must be a positive multiple of heads ({heads}).", nameof(qkv));
        }

        var headSize = hidden / heads;
        if (maskBias.Length != tokens)
        {
            throw new ArgumentException($"maskBias has length {maskBias.Length}; expected one per token ({tokens}).", nameof(maskBias));
        }

        if (destination.Length != (long)tokens * hidden)
        {
            throw new ArgumentException($"destination has length {destination.Length}; expected tokens × hidden = {(long)tokens * hidden}.", nameof(destination));
        }

        if (scratch.Length < ScratchLength(tokens, headSize))
        {
            throw new ArgumentException($"scratch has length {scratch.Length}; expected at least {ScratchLength(tokens, headSize)} (see ScratchLength).", nameof(scratch));
        }

        var stride = 3 * hidden;
        var scores = scratch[..(tokens * tokens)];
        var keysTransposed = scratch.Slice(tokens * tokens, headSize * tokens);

        // 1/√d is a power of two for BERT's d = 64 (and the tests' 16), so scaling the scores instead of Q loses nothing.
        var scale = 1f / MathF.Sqrt(headSize);
        for (var h = 0; h < heads; h++)
        {
            var queryColumn = h * headSize;
            TransposeKeys(qkv, stride, hidden + queryColumn, tokens, headSize, keysTransposed);
            Sgemm.Multiply(cpu, tokens, tokens, headSize, qkv[queryColumn..], stride, keysTransposed, tokens, scores, tokens);
            Primitives.MaskedSoftmax(cpu, scores, maskBias, scale, scores, tokens);
            Sgemm.Multiply(cpu, tokens, headSize, tokens, scores, tokens, qkv[((2 * hidden) + queryColumn)..], stride, destination[queryColumn..], hidden);
        }
    }

    /// <summary>K_h [tokens × d] (a column block of qkv) → K_hᵀ [d × tokens], the row-major B that Q_h · K_hᵀ needs.</summary>
    private static void TransposeKeys(ReadOnlySpan<float> qkv, int stride, int column, int tokens, int headSize, Span<float> target)
    {
        for (var t = 0; t < tokens; t++)
        {
            var row = qkv.Slice((t * stride) + column, headSize);
            for (var d = 0; d < headSize; d++)
            {
                target[(d * tokens) + t] = row[d];
            }
        }
    }
}

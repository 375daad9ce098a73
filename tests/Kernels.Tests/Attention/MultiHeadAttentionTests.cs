using Toolkit.Kernels.Attention;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Tests.Ops;

namespace Toolkit.Kernels.Tests.Attention;

public class MultiHeadAttentionTests
{
    public static TheoryData<Isa, int, int, int> Cases()
    {
        var data = new TheoryData<Isa, int, int, int>();
        foreach (var isa in IsaSupport.Available)
        {
            // (tokens, heads, head size): odd token counts leave tails in both GEMMs and the softmax rows; 64 is BERT's head size.
            data.Add(isa, 37, 4, 16);
            data.Add(isa, 1, 2, 3);
            data.Add(isa, 29, 3, 64);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_double_reference(Isa isa, int tokens, int heads, int headSize)
    {
        var hidden = heads * headSize;
        var qkv = TestData.Random(tokens * 3 * hidden, tokens + headSize, -1f, 1f);
        var bias = MaskedSoftmaxTests.MaskBias(tokens, (tokens * 3 / 4) + 1);
        var output = Run(isa, 1, qkv, bias, tokens, heads);

        // Scores sum d products of magnitude ≤ 1 (error ≤ (d + 2)·2^-23·d), the softmax keeps weights within
        // (tokens + 20) units relative, and P·V sums tokens products of magnitude ≤ 1 with weights summing to 1.
        var tolerance = ((((headSize + 2) * headSize) / Math.Sqrt(headSize)) + tokens + 20 + tokens + 2) * Math.Pow(2, -23);
        TestData.AssertClose(Reference(qkv, bias, tokens, heads), output, _ => tolerance, $"Attention on {isa}, {tokens} tokens, {heads}×{headSize}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Padded_keys_have_no_influence(Isa isa)
    {
        const int tokens = 23, heads = 2, headSize = 8, hidden = heads * headSize;
        var qkv = TestData.Random(tokens * 3 * hidden, 4, -1f, 1f);
        var bias = MaskedSoftmaxTests.MaskBias(tokens, 15);
        var before = Run(isa, 1, qkv, bias, tokens, heads);

        // Change the keys and values of padded tokens: real tokens' outputs (rows 0–14) must not move at all.
        for (var t = 15; t < tokens; t++)
        {
            for (var c = hidden; c < 3 * hidden; c++)
            {
                qkv[(t * 3 * hidden) + c] = 0.5f - qkv[(t * 3 * hidden) + c];
            }
        }

        var after = Run(isa, 1, qkv, bias, tokens, heads);
        TestData.AssertIdentical(before.AsSpan(0, 15 * hidden), after.AsSpan(0, 15 * hidden), $"Attention on {isa}, padding changed");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Two_threads_give_the_same_bits_as_one(Isa isa)
    {
        const int tokens = 41, heads = 3, headSize = 16;
        var qkv = TestData.Random(tokens * 3 * heads * headSize, 8, -1f, 1f);
        var bias = MaskedSoftmaxTests.MaskBias(tokens, 33);
        TestData.AssertIdentical(Run(isa, 1, qkv, bias, tokens, heads), Run(isa, 2, qkv, bias, tokens, heads), $"Attention on {isa} with 2 threads");
    }

    [Fact]
    public void Bad_shapes_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var scratch = new float[1000];
        Assert.Equal("qkv", Assert.Throws<ArgumentException>(() => MultiHeadAttention.SelfAttend(cpu, new float[3 * 4 * 6], new float[4], 4, 4, new float[24], scratch)).ParamName);
        Assert.Equal("maskBias", Assert.Throws<ArgumentException>(() => MultiHeadAttention.SelfAttend(cpu, new float[3 * 4 * 8], new float[3], 4, 2, new float[32], scratch)).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() => MultiHeadAttention.SelfAttend(cpu, new float[3 * 4 * 8], new float[4], 4, 2, new float[32], new float[3])).ParamName);
    }

    private static float[] Run(Isa isa, int threads, float[] qkv, float[] bias, int tokens, int heads)
    {
        using var cpu = CpuContext.Create(isa, threads);
        var hidden = qkv.Length / (3 * tokens);
        var output = new float[tokens * hidden];
        var scratch = new float[MultiHeadAttention.ScratchLength(tokens, hidden / heads)];
        MultiHeadAttention.SelfAttend(cpu, qkv, bias, tokens, heads, output, scratch);
        return output;
    }

    private static double[] Reference(float[] qkv, float[] bias, int tokens, int heads)
    {
        var hidden = qkv.Length / (3 * tokens);
        var headSize = hidden / heads;
        var output = new double[tokens * hidden];
        double At(int t, int column) => qkv[(t * 3 * hidden) + column];
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < tokens; i++)
            {
                var scores = new double[tokens];
                for (var j = 0; j < tokens; j++)
                {
                    double dot = 0;
                    for (var d = 0; d < headSize; d++)
                    {
                        dot += At(i, (h * headSize) + d) * At(j, hidden + (h * headSize) + d);
                    }

                    scores[j] = (dot / Math.Sqrt(headSize)) + bias[j];
                }

                var max = scores.Max();
                var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                var sum = weights.Sum();
                for (var d = 0; d < headSize; d++)
                {
                    double value = 0;
                    for (var j = 0; j < tokens; j++)
                    {
                        value += weights[j] / sum * At(j, (2 * hidden) + (h * headSize) + d);
                    }

                    output[(i * hidden) + (h * headSize) + d] = value;
                }
            }
        }

        return output;
    }
}

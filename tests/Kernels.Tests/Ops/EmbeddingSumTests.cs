using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class EmbeddingSumTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Sums_word_position_and_segment_rows_in_that_order_for_odd_sizes(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var hidden in new[] { 1, 3, 16, 37, 64, 71 })
        {
            const int vocabulary = 29, positionCount = 13, sequenceLength = 11, batches = 2;
            var words = TestData.Random(vocabulary * hidden, hidden);
            var positions = TestData.Random(positionCount * hidden, hidden + 1);
            var segments = TestData.Random(2 * hidden, hidden + 2);
            var ids = Enumerable.Range(0, batches * sequenceLength).Select(t => (t * 7) % vocabulary).ToArray();
            var segmentIds = Enumerable.Range(0, ids.Length).Select(t => t % sequenceLength > 6 ? 1 : 0).ToArray();
            var y = new float[ids.Length * hidden];
            Primitives.EmbeddingSum(cpu, ids, segmentIds, words, positions, segments, hidden, sequenceLength, y);

            // The same float additions in the same order on every tier: the results are exact equals.
            var expected = new float[y.Length];
            for (var t = 0; t < ids.Length; t++)
            {
                for (var i = 0; i < hidden; i++)
                {
                    expected[(t * hidden) + i] = (words[(ids[t] * hidden) + i] + positions[((t % sequenceLength) * hidden) + i]) + segments[(segmentIds[t] * hidden) + i];
                }
            }

            TestData.AssertIdentical(expected, y, $"EmbeddingSum on {isa}, hidden {hidden}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_give_identical_results(Isa isa)
    {
        const int hidden = 45, tokens = 23;
        var words = TestData.Random(50 * hidden, 1);
        var positions = TestData.Random(tokens * hidden, 2);
        var segments = TestData.Random(2 * hidden, 3);
        var ids = Enumerable.Range(0, tokens).Select(t => (t * 13) % 50).ToArray();
        var segmentIds = Enumerable.Range(0, tokens).Select(t => t & 1).ToArray();
        var single = new float[tokens * hidden];
        using (var cpu = CpuContext.Create(isa))
        {
            Primitives.EmbeddingSum(cpu, ids, segmentIds, words, positions, segments, hidden, tokens, single);
        }

        using var two = CpuContext.Create(isa, 2);
        var parallel = new float[single.Length];
        Primitives.EmbeddingSum(two, ids, segmentIds, words, positions, segments, hidden, tokens, parallel);
        TestData.AssertIdentical(single, parallel, $"EmbeddingSum on {isa} with 2 threads");
    }

    [Fact]
    public void Out_of_range_ids_name_the_token_and_the_table_size()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Primitives.EmbeddingSum(cpu, [1, 30], [0, 0], new float[10 * 4], new float[2 * 4], new float[2 * 4], 4, 2, new float[8]));
        Assert.Equal("ids", error.ParamName);
        Assert.Contains("ids[1] must lie in [0, 10); received 30", error.Message, StringComparison.Ordinal);

        var segment = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Primitives.EmbeddingSum(cpu, [1, 2], [0, 2], new float[10 * 4], new float[2 * 4], new float[2 * 4], 4, 2, new float[8]));
        Assert.Equal("segmentIds", segment.ParamName);
        Assert.Equal("sequenceLength", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Primitives.EmbeddingSum(cpu, [1, 2, 3], [0, 0, 0], new float[10 * 4], new float[2 * 4], new float[2 * 4], 4, 3, new float[12])).ParamName);
    }
}

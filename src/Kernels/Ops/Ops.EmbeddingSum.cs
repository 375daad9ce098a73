using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// BERT's input embedding before its layer norm: for token t of a batch of sequences <paramref name="sequenceLength"/>
    /// long, destination[t] = (words[ids[t]] + positions[t mod sequenceLength]) + segments[segmentIds[t]], each table
    /// row-major with <paramref name="hidden"/> columns. Tokens run in parallel on the context's threads.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match the token count or the hidden size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An id or segment id lies outside its table; the message names the token.</exception>
    public static unsafe void EmbeddingSum(
        CpuContext cpu,
        ReadOnlySpan<int> ids,
        ReadOnlySpan<int> segmentIds,
        ReadOnlySpan<float> words,
        ReadOnlySpan<float> positions,
        ReadOnlySpan<float> segments,
        int hidden,
        int sequenceLength,
        Span<float> destination)
    {
        Guard.Positive(hidden, nameof(hidden));
        Guard.Positive(sequenceLength, nameof(sequenceLength));
        var tokens = ids.Length;
        Guard.Length(segmentIds.Length, tokens, nameof(segmentIds), "one per id");
        Guard.Length(destination.Length, (long)tokens * hidden, nameof(destination), "ids × hidden");
        if (tokens % sequenceLength != 0)
        {
            throw new ArgumentException($"ids has length {tokens}; expected a multiple of sequenceLength {sequenceLength}.", nameof(ids));
        }

        var vocabulary = RowsOf(words, hidden, nameof(words));
        var positionCount = RowsOf(positions, hidden, nameof(positions));
        var segmentCount = RowsOf(segments, hidden, nameof(segments));
        if (sequenceLength > positionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, $"sequenceLength must be at most the {positionCount} rows of positions; received {sequenceLength}.");
        }

        RequireIndices(ids, vocabulary, nameof(ids));
        RequireIndices(segmentIds, segmentCount, nameof(segmentIds));

        fixed (int* pIds = ids, pSegmentIds = segmentIds)
        fixed (float* pWords = words, pPositions = positions, pSegments = segments, output = destination)
        {
            var arguments = new EmbeddingArguments
            {
                Ids = pIds, SegmentIds = pSegmentIds, Words = pWords, Positions = pPositions, Segments = pSegments,
                Output = output, Hidden = hidden, SequenceLength = sequenceLength,
            };
            switch (cpu.Isa)
            {
                case Isa.Avx512:
                    cpu.For(tokens, new EmbeddingRows<Simd512, Vector512<float>>(arguments));
                    break;
                case Isa.Avx2:
                    cpu.For(tokens, new EmbeddingRows<Simd256, Vector256<float>>(arguments));
                    break;
                case Isa.Vector128:
                    cpu.For(tokens, new EmbeddingRows<Simd128, Vector128<float>>(arguments));
                    break;
                default:
                    cpu.For(tokens, new EmbeddingRows<SimdScalar, float>(arguments));
                    break;
            }
        }
    }

    private static int RowsOf(ReadOnlySpan<float> table, int hidden, string name)
    {
        if (table.Length == 0 || table.Length % hidden != 0)
        {
            throw new ArgumentException($"{name} has length {table.Length}; expected a positive multiple of hidden {hidden}.", name);
        }

        return table.Length / hidden;
    }

    private static void RequireIndices(ReadOnlySpan<int> indices, int rows, string name)
    {
        for (var t = 0; t < indices.Length; t++)
        {
            if ((uint)indices[t] >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(name, indices[t], $"{name}[{t}] must lie in [0, {rows}); received {indices[t]}.");
            }
        }
    }

    private unsafe struct EmbeddingArguments
    {
        public int* Ids;
        public int* SegmentIds;
        public float* Words;
        public float* Positions;
        public float* Segments;
        public float* Output;
        public int Hidden;
        public int SequenceLength;
    }

    private readonly unsafe struct EmbeddingRows<TSimd, TVector>(EmbeddingArguments arguments) : IParallelBody
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        public void Run(int index)
        {
            var n = arguments.Hidden;
            var word = arguments.Words + ((long)arguments.Ids[index] * n);
            var position = arguments.Positions + ((long)(index % arguments.SequenceLength) * n);
            var segment = arguments.Segments + ((long)arguments.SegmentIds[index] * n);
            var y = arguments.Output + ((long)index * n);
            var i = 0;
            for (; i + TSimd.Count <= n; i += TSimd.Count)
            {
                TSimd.Store(TSimd.Add(TSimd.Add(TSimd.Load(word + i), TSimd.Load(position + i)), TSimd.Load(segment + i)), y + i);
            }

            for (; i < n; i++)
            {
                y[i] = (word[i] + position[i]) + segment[i];
            }
        }
    }
}

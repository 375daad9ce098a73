namespace Toolkit.Bench.Pretrained;

/// <summary>What the pretrained models' outputs are used for: sentence embeddings by mean pooling, and similarity order.</summary>
public static class Embeddings
{
    /// <summary>
    /// A sentence embedding as sentence-transformers makes all-MiniLM-L6-v2's: the mean of the token vectors where the
    /// attention mask is 1, scaled to unit length. <paramref name="hidden"/> is [S, H] row-major.
    /// </summary>
    public static float[] MeanPooled(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask)
    {
        var width = hidden.Length / mask.Length;
        var sum = new double[width];
        var count = 0;
        for (var t = 0; t < mask.Length; t++)
        {
            if (mask[t] == 0)
            {
                continue;
            }

            count++;
            var row = hidden.Slice(t * width, width);
            for (var h = 0; h < width; h++)
            {
                sum[h] += row[h];
            }
        }

        var mean = sum.Select(v => v / Math.Max(1, count)).ToArray();
        var norm = Math.Sqrt(mean.Sum(v => v * v));
        return [.. mean.Select(v => (float)(v / Math.Max(norm, 1e-12)))];
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>For each vector, the others from most to least similar (by cosine), as indices.</summary>
    public static int[][] NeighbourOrder(IReadOnlyList<float[]> vectors) =>
        [.. vectors.Select((v, i) => Enumerable.Range(0, vectors.Count).Where(j => j != i).OrderByDescending(j => Cosine(v, vectors[j])).ToArray())];
}

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// A small deterministic generator (SplitMix64) for model weights and test inputs: the same seed gives the same
/// numbers on every machine and .NET version, which <see cref="Random"/> does not promise.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float uniform in [0, 1), from the top 24 bits: exactly representable, no rounding bias.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A float uniform in [low, high).</summary>
    public float Uniform(float low, float high) => low + ((high - low) * NextFloat());

    /// <summary>An integer uniform in [0, bound).</summary>
    public int NextInt(int bound) => (int)((NextUInt64() >> 33) % (ulong)bound);

    /// <summary>Fills <paramref name="values"/> uniformly from [low, high).</summary>
    public void Fill(Span<float> values, float low, float high)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Uniform(low, high);
        }
    }
}

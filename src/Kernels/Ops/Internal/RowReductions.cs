namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// Reductions over one contiguous row at one vector width: one vector accumulator over whole vectors, then the lanes,
/// then a scalar tail (an overlapping last vector would count some elements twice). The order is fixed by the width
/// alone, so a row's result never depends on the thread that computed it.
/// </summary>
internal static unsafe class RowReductions
{
    public static float Max<TSimd, TVector>(float* x, int length)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var i = 0;
        var max = float.NegativeInfinity;
        if (length >= TSimd.Count)
        {
            var accumulator = TSimd.Load(x);
            for (i = TSimd.Count; i + TSimd.Count <= length; i += TSimd.Count)
            {
                accumulator = TSimd.Max(accumulator, TSimd.Load(x + i));
            }

            max = TSimd.MaxLanes(accumulator);
        }

        for (; i < length; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        return max;
    }

    public static float Sum<TSimd, TVector>(float* x, int length)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var i = 0;
        var accumulator = TSimd.Zero;
        for (; i + TSimd.Count <= length; i += TSimd.Count)
        {
            accumulator = TSimd.Add(accumulator, TSimd.Load(x + i));
        }

        var sum = TSimd.SumLanes(accumulator);
        for (; i < length; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>Σ (x[i] − mean)², the second pass of a two-pass variance (no cancellation, unlike Σx² − n·mean²).</summary>
    public static float SumSquaredDeviation<TSimd, TVector>(float* x, int length, float mean)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var i = 0;
        var accumulator = TSimd.Zero;
        var meanVector = TSimd.Broadcast(mean);
        for (; i + TSimd.Count <= length; i += TSimd.Count)
        {
            var deviation = TSimd.Subtract(TSimd.Load(x + i), meanVector);
            accumulator = TSimd.MultiplyAdd(deviation, deviation, accumulator);
        }

        var sum = TSimd.SumLanes(accumulator);
        for (; i < length; i++)
        {
            var deviation = x[i] - mean;
            sum += deviation * deviation;
        }

        return sum;
    }
}

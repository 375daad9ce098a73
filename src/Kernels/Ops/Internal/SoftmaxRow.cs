namespace Toolkit.Kernels.Ops.Internal;

/// <summary>
/// The last two passes every softmax row shares (the plain one and BERT's masked one): y = e^(x − max) summed as it is
/// written, then y / sum. A division, not a multiply by 1/sum, keeps each output within one rounding of e/sum.
/// <paramref name="x"/> and <paramref name="y"/> may be the same row.
/// </summary>
internal static unsafe class SoftmaxRow
{
    public static void ExpNormalize<TSimd, TVector>(float* x, float* y, int length, float max)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var shift = TSimd.Broadcast(max);
        var sumVector = TSimd.Zero;
        var i = 0;
        for (; i + TSimd.Count <= length; i += TSimd.Count)
        {
            var e = TSimd.Exp(TSimd.Subtract(TSimd.Load(x + i), shift));
            TSimd.Store(e, y + i);
            sumVector = TSimd.Add(sumVector, e);
        }

        var sum = TSimd.SumLanes(sumVector);
        for (; i < length; i++)
        {
            var e = MathF.Exp(x[i] - max);
            y[i] = e;
            sum += e;
        }

        var sumBroadcast = TSimd.Broadcast(sum);
        for (i = 0; i + TSimd.Count <= length; i += TSimd.Count)
        {
            TSimd.Store(TSimd.Divide(TSimd.Load(y + i), sumBroadcast), y + i);
        }

        for (; i < length; i++)
        {
            y[i] /= sum;
        }
    }
}

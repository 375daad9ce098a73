using Toolkit.Bench.Scaling.Pricing.Internal;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>
/// A SageMaker Serverless Inference bill: each request's inference duration rounded up to 1 ms times the per-second
/// price of the memory size, plus data processed in and out per GB (1024³ bytes). No per-request fee; free tier ignored.
/// </summary>
public static class SageMakerServerlessCost
{
    /// <exception cref="ArgumentOutOfRangeException">The file prices no such memory size, or a duration or byte count is negative.</exception>
    public static Bill Bill(SageMakerServerlessPrices prices, int memoryMb, IReadOnlyCollection<double> durationsMs, long bytesInPerRequest, long bytesOutPerRequest)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesInPerRequest);
        ArgumentOutOfRangeException.ThrowIfNegative(bytesOutPerRequest);
        const double BytesPerGb = 1024.0 * 1024 * 1024;
        var seconds = BillingRounding.BilledSeconds(durationsMs, prices.BillingGranularityMs.Value);
        var gbIn = durationsMs.Count * bytesInPerRequest / BytesPerGb;
        var gbOut = durationsMs.Count * bytesOutPerRequest / BytesPerGb;
        return new Bill(
            ComputeUsd: seconds * prices.PerSecondUsd(memoryMb),
            RequestsUsd: 0,
            DataUsd: gbIn * prices.DataInPerGb.Value + gbOut * prices.DataOutPerGb.Value,
            Requests: durationsMs.Count);
    }
}

using Toolkit.Bench.Scaling.Pricing.Internal;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>
/// An AWS Lambda bill: each invocation's billed duration (handler time, plus init for the invocation that started a
/// custom-runtime environment) rounded up to 1 ms, times memory in GB (MB / 1024), times the GB-second price, plus the
/// request fee. Free tier ignored.
/// </summary>
public static class LambdaCost
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="memoryMb"/> is outside Lambda's range, or a duration is negative.</exception>
    public static Bill Bill(LambdaPrices prices, int memoryMb, IReadOnlyCollection<double> billedDurationsMs)
    {
        if (memoryMb < prices.MinMemoryMb.Value || memoryMb > prices.MaxMemoryMb.Value)
        {
            throw new ArgumentOutOfRangeException(nameof(memoryMb), memoryMb, $"Lambda memory must be {prices.MinMemoryMb.Value}..{prices.MaxMemoryMb.Value} MB.");
        }

        var gbSeconds = BillingRounding.BilledSeconds(billedDurationsMs, prices.BillingGranularityMs.Value) * (memoryMb / 1024.0);
        return new Bill(
            ComputeUsd: gbSeconds * prices.GbSecond.Value,
            RequestsUsd: billedDurationsMs.Count * prices.PerMillionRequests.Value / 1e6,
            DataUsd: 0,
            Requests: billedDurationsMs.Count);
    }
}

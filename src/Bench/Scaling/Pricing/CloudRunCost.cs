using Toolkit.Bench.Scaling.Pricing.Internal;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>
/// A Cloud Run bill: billable instance time (each contiguous interval rounded up to 100 ms) times the instance's vCPUs
/// and GiB at the billing setting's rates, plus the request fee under request-based billing. What counts as billable is
/// the caller's: under request-based billing an instance's start-up plus the time it has at least one request in flight
/// (concurrent requests share it); under instance-based billing the instance's whole life. Free tier ignored.
/// </summary>
public static class CloudRunCost
{
    /// <exception cref="ArgumentOutOfRangeException">The vCPU/memory pair is not one Cloud Run accepts, or an interval is negative.</exception>
    public static Bill Bill(CloudRunPrices prices, CloudRunBilling billing, int vcpu, double memoryGib, IReadOnlyCollection<double> billableIntervalsMs, long requests)
    {
        if (!prices.IsValid(vcpu, memoryGib))
        {
            throw new ArgumentOutOfRangeException(nameof(memoryGib), memoryGib,
                $"Cloud Run does not accept {vcpu} vCPU with {memoryGib} GiB; valid: {string.Join("; ", prices.CpuMemory.Combinations.Select(c => $"{c.Vcpu} vCPU {c.MinGib}-{c.MaxGib} GiB"))}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        var rates = prices.Rates(billing);
        var seconds = BillingRounding.BilledSeconds(billableIntervalsMs, prices.BillingGranularityMs.Value);
        var requestFee = billing == CloudRunBilling.Request ? rates.PerMillionRequests?.Value ?? 0 : 0;
        return new Bill(
            ComputeUsd: seconds * ((vcpu * rates.VcpuSecond.Value) + (memoryGib * rates.GibSecond.Value)),
            RequestsUsd: requests * requestFee / 1e6,
            DataUsd: 0,
            Requests: requests);
    }
}

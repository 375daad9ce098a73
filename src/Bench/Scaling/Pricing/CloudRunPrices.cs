using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>Google Cloud Run (services) unit prices for both billing settings, the granularity and the valid CPU/memory pairs.</summary>
public sealed record CloudRunPrices(
    [property: JsonPropertyName("request_billed")] CloudRunRates RequestBilled,
    [property: JsonPropertyName("instance_billed")] CloudRunRates InstanceBilled,
    [property: JsonPropertyName("billing_granularity_ms")] PriceQuote BillingGranularityMs,
    [property: JsonPropertyName("max_concurrency")] PriceQuote MaxConcurrency,
    [property: JsonPropertyName("cpu_memory")] CloudRunCpuMemory CpuMemory,
    [property: JsonPropertyName("region")] string Region = "")
{
    public CloudRunRates Rates(CloudRunBilling billing) => billing == CloudRunBilling.Request ? RequestBilled : InstanceBilled;

    /// <summary>The smallest memory (GiB) Cloud Run accepts with <paramref name="vcpu"/>, or null when the vCPU count is not offered.</summary>
    public double? MinMemoryGib(int vcpu) => CpuMemory.Combinations.FirstOrDefault(c => c.Vcpu == vcpu)?.MinGib;

    /// <summary>True when Cloud Run accepts <paramref name="vcpu"/> with <paramref name="memoryGib"/>.</summary>
    public bool IsValid(int vcpu, double memoryGib) =>
        CpuMemory.Combinations.Any(c => c.Vcpu == vcpu && memoryGib >= c.MinGib && memoryGib <= c.MaxGib);
}

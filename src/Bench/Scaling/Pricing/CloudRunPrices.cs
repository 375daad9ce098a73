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

/// <summary>One Cloud Run billing setting's rates; instance-based billing has no request fee (null).</summary>
public sealed record CloudRunRates(
    [property: JsonPropertyName("vcpu_second")] PriceQuote VcpuSecond,
    [property: JsonPropertyName("gib_second")] PriceQuote GibSecond,
    [property: JsonPropertyName("per_million_requests")] PriceQuote? PerMillionRequests = null);

/// <summary>The table of vCPU counts and the memory range each accepts, with its source.</summary>
public sealed record CloudRunCpuMemory(
    [property: JsonPropertyName("combinations")] IReadOnlyList<CloudRunCombination> Combinations,
    [property: JsonPropertyName("source")] string Source = "",
    [property: JsonPropertyName("date")] string Date = "",
    [property: JsonPropertyName("confirmed")] bool Confirmed = false,
    [property: JsonPropertyName("note")] string? Note = null);

public sealed record CloudRunCombination(
    [property: JsonPropertyName("vcpu")] int Vcpu,
    [property: JsonPropertyName("min_gib")] double MinGib,
    [property: JsonPropertyName("max_gib")] double MaxGib);

/// <summary>Cloud Run's two billing settings.</summary>
public enum CloudRunBilling
{
    /// <summary>"CPU only allocated during request processing": billed while an instance starts or has a request in flight, plus a per-request fee.</summary>
    Request,

    /// <summary>"CPU always allocated": billed for each instance's whole life, no per-request fee.</summary>
    Instance,
}

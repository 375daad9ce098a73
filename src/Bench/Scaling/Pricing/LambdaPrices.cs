using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>AWS Lambda (x86_64) unit prices, billing granularity, memory range and the memory-to-vCPU rule.</summary>
public sealed record LambdaPrices(
    [property: JsonPropertyName("gb_second")] PriceQuote GbSecond,
    [property: JsonPropertyName("per_million_requests")] PriceQuote PerMillionRequests,
    [property: JsonPropertyName("billing_granularity_ms")] PriceQuote BillingGranularityMs,
    [property: JsonPropertyName("min_memory_mb")] PriceQuote MinMemoryMb,
    [property: JsonPropertyName("max_memory_mb")] PriceQuote MaxMemoryMb,
    [property: JsonPropertyName("mb_per_vcpu")] PriceQuote MbPerVcpu,
    [property: JsonPropertyName("max_vcpu")] PriceQuote MaxVcpu,
    [property: JsonPropertyName("default_concurrency_limit")] PriceQuote DefaultConcurrencyLimit,
    [property: JsonPropertyName("region")] string Region = "")
{
    /// <summary>The CPU share a memory size buys: memory / 1769 MB vCPU, at most 6 (fractional below 1769 MB).</summary>
    public double VcpuShare(int memoryMb) => Math.Min(memoryMb / MbPerVcpu.Value, MaxVcpu.Value);
}

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
    /// <summary>
    /// The CPU share a memory size buys: memory / 1769 MB vCPU, at most 6 (fractional below 1769 MB). The one place
    /// this rule lives: the advisor prices with it and <c>scaling faas</c> turns it into a CPU quota.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The memory is outside <see cref="MinMemoryMb"/>–<see cref="MaxMemoryMb"/>.</exception>
    public double VcpuShare(int memoryMb) =>
        memoryMb >= MinMemoryMb.Value && memoryMb <= MaxMemoryMb.Value
            ? Math.Min(memoryMb / MbPerVcpu.Value, MaxVcpu.Value)
            : throw new ArgumentOutOfRangeException(nameof(memoryMb), memoryMb, $"Lambda memory must be {MinMemoryMb.Value}–{MaxMemoryMb.Value} MB; received {memoryMb}.");
}

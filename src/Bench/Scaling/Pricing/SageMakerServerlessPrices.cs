using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>SageMaker Serverless Inference: per-second price by memory size, data processed in and out, MaxConcurrency.</summary>
public sealed record SageMakerServerlessPrices(
    [property: JsonPropertyName("per_second_by_memory_mb")] IReadOnlyDictionary<string, PriceQuote> PerSecondByMemoryMb,
    [property: JsonPropertyName("data_in_per_gb")] PriceQuote DataInPerGb,
    [property: JsonPropertyName("data_out_per_gb")] PriceQuote DataOutPerGb,
    [property: JsonPropertyName("billing_granularity_ms")] PriceQuote BillingGranularityMs,
    [property: JsonPropertyName("max_concurrency")] PriceQuote MaxConcurrency,
    [property: JsonPropertyName("mb_per_vcpu")] PriceQuote MbPerVcpu,
    [property: JsonPropertyName("region")] string Region = "")
{
    /// <summary>The memory sizes the file prices, ascending (1024 to 6144 MB in 1 GB steps on AWS).</summary>
    public IReadOnlyList<int> MemorySizesMb => [.. PerSecondByMemoryMb.Keys.Select(int.Parse).Order()];

    /// <exception cref="ArgumentOutOfRangeException">The file has no price for <paramref name="memoryMb"/>.</exception>
    public double PerSecondUsd(int memoryMb) =>
        PerSecondByMemoryMb.TryGetValue(memoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture), out var quote)
            ? quote.Value
            : throw new ArgumentOutOfRangeException(nameof(memoryMb), memoryMb, $"SageMaker Serverless memory must be one of {string.Join(", ", MemorySizesMb)} MB.");

    /// <summary>The CPU share assumed for a memory size (the Lambda ratio; AWS publishes no number).</summary>
    public double VcpuShare(int memoryMb) => memoryMb / MbPerVcpu.Value;
}

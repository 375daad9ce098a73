using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>One Cloud Run billing setting's rates; instance-based billing has no request fee (null).</summary>
public sealed record CloudRunRates(
    [property: JsonPropertyName("vcpu_second")] PriceQuote VcpuSecond,
    [property: JsonPropertyName("gib_second")] PriceQuote GibSecond,
    [property: JsonPropertyName("per_million_requests")] PriceQuote? PerMillionRequests = null);

using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>
/// One published number (a unit price, a billing granularity or a limit) with the date it was read and its source, so a
/// reader of any cost can trace it. <see cref="Confirmed"/> is false when the number could not be seen on the source page
/// itself; <see cref="Note"/> then says where it came from.
/// </summary>
public sealed record PriceQuote(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("confirmed")] bool Confirmed,
    [property: JsonPropertyName("note")] string? Note = null)
{
    /// <summary>A quote for tests and for callers that build a price book in code.</summary>
    public static PriceQuote Of(double value, string unit = "", string source = "test") => new(value, unit, "", source, true);
}

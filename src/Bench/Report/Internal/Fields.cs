using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Bench.Report.Internal;

/// <summary>Loose field access on result rows: anything missing or of the wrong type reads as null.</summary>
internal static class Fields
{
    public static string? Text(this JsonObject row, string name) =>
        row[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static double? Number(this JsonObject row, string name) => AsNumber(row[name]);

    public static bool? Flag(this JsonObject row, string name) =>
        row[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>The median of a <c>{"median","p95"}</c> field; a bare number is taken as the median.</summary>
    public static double? Median(this JsonObject row, string name) => Stat(row, name, "median");

    public static double? P95(this JsonObject row, string name) => Stat(row, name, "p95");

    /// <summary>
    /// The median's 95% interval of a <c>{"median","p95","median_ci95":[low, high]}</c> field; null when the field has
    /// no interval (fewer than six samples, or results recorded before intervals were written).
    /// </summary>
    public static (double Low, double High)? MedianCi95(this JsonObject row, string name) =>
        row[name] is JsonObject stats ? Interval(stats, "median_ci95") : null;

    /// <summary>A row-level <c>[low, high]</c> pair such as table3's <c>median_ci95</c>; null unless both are numbers.</summary>
    public static (double Low, double High)? Interval(this JsonObject row, string name) =>
        row[name] is JsonArray { Count: 2 } pair && AsNumber(pair[0]) is { } low && AsNumber(pair[1]) is { } high ? (low, high) : null;

    /// <summary>The numbers of an array field such as <c>latency_samples_ms</c>; anything else in it is left out.</summary>
    public static IEnumerable<double> Values(this JsonObject row, string name) =>
        row[name] is JsonArray array ? array.Select(AsNumber).OfType<double>() : [];

    public static IEnumerable<string> Strings(this JsonObject row, string name) =>
        row[name] is JsonArray array ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()) : [];

    /// <summary>A text field, or "?" so tables still line up when it is missing.</summary>
    public static string Label(this JsonObject row, string name) => row.Text(name) ?? "?";

    private static double? Stat(JsonObject row, string name, string stat) => row[name] switch
    {
        JsonObject stats => AsNumber(stats[stat]),
        JsonValue bare => AsNumber(bare),
        _ => null,
    };

    private static double? AsNumber(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue(out double number) => double.IsFinite(number) ? number : null,
            // Values built in code (not parsed) keep their CLR type, so an int does not read as a double directly.
            JsonValueKind.Number when double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var written) && double.IsFinite(written) => written,
            JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
            _ => null,
        };
    }
}

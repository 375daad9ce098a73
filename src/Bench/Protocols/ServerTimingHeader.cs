using System.Globalization;
using Toolkit.Bootstrap.Hosts.Http;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// Reads the bootstrap's per-response <c>Server-Timing</c> value (<c>name;dur=ms</c> entries separated by commas,
/// <see cref="RequestTiming"/>): the server's decode, infer and encode, which the client subtracts from its round trip.
/// </summary>
public static class ServerTimingHeader
{
    /// <exception cref="InvalidDataException">The value is absent or lacks decode, infer or encode.</exception>
    public static (double DecodeMs, double InferMs, double EncodeMs) Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidDataException("The response carries no Server-Timing; the server must report decode, infer and encode (an AOT bootstrap published before it did must be published again: coldstart --publish).");
        }

        var durations = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (duration is not null && double.TryParse(duration.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                durations[parts[0]] = ms;
            }
        }

        return (Required(durations, RequestTiming.Decode, value), Required(durations, RequestTiming.Infer, value), Required(durations, RequestTiming.Encode, value));
    }

    private static double Required(Dictionary<string, double> durations, string name, string value) =>
        durations.TryGetValue(name, out var ms)
            ? ms
            : throw new InvalidDataException($"Server-Timing must have a '{name};dur=…' entry; received '{value}'.");
}

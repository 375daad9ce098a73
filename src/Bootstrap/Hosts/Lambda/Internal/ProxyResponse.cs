using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Toolkit.Bootstrap.Hosts.Lambda.Internal;

/// <summary>Writes the proxy response <c>{statusCode, headers, body, isBase64Encoded}</c> an HTTP API or Function URL expects.</summary>
internal static class ProxyResponse
{
    // The body is JSON inside a JSON string, so the default encoder's \u0022 for every quote would grow it a lot;
    // the relaxed encoder writes \" instead, and the result is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(int statusCode, string contentType, byte[] body, bool isBinary, string? serverTiming, int? headerLengthBytes)
    {
        using var buffer = new MemoryStream(body.Length * (isBinary ? 4 : 5) / 3 + 256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode", statusCode);
            json.WriteStartObject("headers");
            json.WriteString("content-type", contentType);
            if (serverTiming is not null)
            {
                json.WriteString("server-timing", serverTiming);
            }

            if (headerLengthBytes is { } length)
            {
                json.WriteString(Serialization.Formats.KServeBinaryFormat.HeaderLengthName.ToLowerInvariant(), length.ToString(CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
            if (isBinary)
            {
                json.WriteBase64String("body", body);
            }
            else
            {
                json.WriteString("body", body);
            }

            json.WriteBoolean("isBase64Encoded", isBinary);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The KServe error shape <c>{"error":"…"}</c> as a proxy response.</summary>
    public static byte[] Error(int statusCode, string message)
    {
        using var buffer = new MemoryStream(message.Length + 32);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }

        return Write(statusCode, ContentTypes.Json, buffer.ToArray(), isBinary: false, serverTiming: null, headerLengthBytes: null);
    }
}

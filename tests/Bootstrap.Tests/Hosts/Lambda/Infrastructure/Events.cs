using System.Text;
using System.Text.Json;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;

/// <summary>Lambda events as callers send them: direct-invoke bodies and HTTP API v2.0 proxy events, and their answers read back.</summary>
internal static class Events
{
    public static byte[] Direct(string format, InferenceMessage request) => WireFormats.Get(format).Encode(request, MessageKind.Request);

    public static byte[] Proxy(byte[] body, bool base64, string contentType, string? accept = null, IReadOnlyDictionary<string, string>? extraHeaders = null, string rawPath = "/")
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", "$default");
            json.WriteString("rawPath", rawPath);
            json.WriteStartObject("headers");
            json.WriteString("content-type", contentType);
            if (accept is not null)
            {
                json.WriteString("accept", accept);
            }

            foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartObject("requestContext");
            json.WriteString("requestId", "test");
            json.WriteEndObject();
            if (base64)
            {
                json.WriteBase64String("body", body);
            }
            else
            {
                json.WriteString("body", Encoding.UTF8.GetString(body));
            }

            json.WriteBoolean("isBase64Encoded", base64);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A proxy response read back: status, lower-cased headers and the body (base64-decoded when flagged).</summary>
    public static (int Status, Dictionary<string, string> Headers, byte[] Body) ReadProxyResponse(byte[] response)
    {
        using var document = JsonDocument.Parse(response);
        var root = document.RootElement;
        var headers = root.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.GetString()!);
        var body = root.GetProperty("isBase64Encoded").GetBoolean()
            ? root.GetProperty("body").GetBytesFromBase64()
            : Encoding.UTF8.GetBytes(root.GetProperty("body").GetString()!);
        return (root.GetProperty("statusCode").GetInt32(), headers, body);
    }

    public static byte[] OutputOf(string format, byte[] response) =>
        WireFormats.Get(format).Decode(response, MessageKind.Response, DecodeOptions.Default).Tensors.Single().Tensor.Data;
}

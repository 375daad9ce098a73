using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Toolkit.Bench.Lambda.Internal;

/// <summary>
/// Turns one HTTP request into the event a Lambda Function URL hands its function: API Gateway's HTTP API payload
/// format 2.0 (<c>version</c> "2.0", <c>routeKey</c> "$default", <c>rawPath</c>, <c>rawQueryString</c>, lower-cased
/// <c>headers</c> with repeated values comma-joined, <c>cookies</c> split out of the Cookie header,
/// <c>requestContext.http</c>, <c>body</c> and <c>isBase64Encoded</c>). Function URLs send text bodies as they are and
/// every other body base64-encoded, so binary payloads survive the JSON event.
/// </summary>
internal static class FunctionUrlEvent
{
    /// <summary>Content types whose body goes into the event as text; anything else, or no content type, is base64.</summary>
    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType.StartsWith("text/", StringComparison.Ordinal)
            || mediaType is "application/json" or "application/xml" or "application/javascript" or "application/x-www-form-urlencoded"
            || mediaType.EndsWith("+json", StringComparison.Ordinal)
            || mediaType.EndsWith("+xml", StringComparison.Ordinal);
    }

    public static byte[] Write(HttpRequest request, byte[] body, string requestId, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var isText = IsText(request.ContentType);
        using var buffer = new MemoryStream(body.Length * (isText ? 1 : 4) / 3 + 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", "$default");
            json.WriteString("rawPath", request.Path.Value is { Length: > 0 } path ? path : "/");
            json.WriteString("rawQueryString", rawQuery);
            WriteCookies(json, request);
            WriteHeaders(json, request);
            WriteQuery(json, request);
            WriteContext(json, request, requestId, receivedAt);
            if (body.Length > 0)
            {
                if (isText)
                {
                    json.WriteString("body", body);
                }
                else
                {
                    json.WriteBase64String("body", body);
                }
            }

            json.WriteBoolean("isBase64Encoded", body.Length > 0 && !isText);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteHeaders(Utf8JsonWriter json, HttpRequest request)
    {
        json.WriteStartObject("headers");
        foreach (var (name, values) in request.Headers)
        {
            // The cookies travel in their own array, as Function URLs send them.
            if (!name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                json.WriteString(name.ToLowerInvariant(), string.Join(',', values.OfType<string>()));
            }
        }

        json.WriteEndObject();
    }

    private static void WriteCookies(Utf8JsonWriter json, HttpRequest request)
    {
        var cookies = request.Headers.Cookie.OfType<string>().SelectMany(c => c.Split(';')).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (cookies.Count == 0)
        {
            return;
        }

        json.WriteStartArray("cookies");
        cookies.ForEach(json.WriteStringValue);
        json.WriteEndArray();
    }

    private static void WriteQuery(Utf8JsonWriter json, HttpRequest request)
    {
        if (request.Query.Count == 0)
        {
            return;
        }

        json.WriteStartObject("queryStringParameters");
        foreach (var (name, values) in request.Query)
        {
            json.WriteString(name, string.Join(',', values.OfType<string>()));
        }

        json.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter json, HttpRequest request, string requestId, DateTimeOffset receivedAt)
    {
        var host = request.Host.Host;
        json.WriteStartObject("requestContext");
        // An unsigned (auth type NONE) Function URL reports the caller as "anonymous".
        json.WriteString("accountId", "anonymous");
        json.WriteString("apiId", "emulator");
        json.WriteString("domainName", host);
        json.WriteString("domainPrefix", host.Split('.')[0]);
        json.WriteStartObject("http");
        json.WriteString("method", request.Method);
        json.WriteString("path", request.Path.Value is { Length: > 0 } path ? path : "/");
        json.WriteString("protocol", request.Protocol);
        json.WriteString("sourceIp", request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        json.WriteString("userAgent", request.Headers.UserAgent.ToString());
        json.WriteEndObject();
        json.WriteString("requestId", requestId);
        json.WriteString("routeKey", "$default");
        json.WriteString("stage", "$default");
        json.WriteString("time", receivedAt.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture));
        json.WriteNumber("timeEpoch", receivedAt.ToUnixTimeMilliseconds());
        json.WriteEndObject();
    }
}

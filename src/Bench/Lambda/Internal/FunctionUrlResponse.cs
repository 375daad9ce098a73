using System.Text.Json;

namespace Toolkit.Bench.Lambda.Internal;

/// <summary>
/// What a Function URL makes of the function's answer (payload format 2.0):
/// <list type="bullet">
/// <item>a JSON object with <c>statusCode</c> is a proxy response: its status (100–599), <c>headers</c>,
/// <c>cookies</c> (sent as Set-Cookie), and <c>body</c>, base64-decoded when <c>isBase64Encoded</c>;</item>
/// <item>any other valid JSON is the body itself, sent as 200 <c>application/json</c>;</item>
/// <item>anything else (not JSON, a statusCode out of range, a body that is not valid base64) is a 502, as a
/// function that cannot be understood is a bad gateway.</item>
/// </list>
/// </summary>
internal sealed record FunctionUrlResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<string> Cookies, byte[] Body)
{
    public const string Json = "application/json";

    /// <summary>The answer a Function URL gives for a function error or an answer it cannot read.</summary>
    public static FunctionUrlResponse BadGateway { get; } = new(502, [new("content-type", Json)], [], """{"Message":"Internal Server Error"}"""u8.ToArray());

    public static FunctionUrlResponse From(byte[] answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode", out var status)
                ? Proxy(root, status)
                : new FunctionUrlResponse(200, [new("content-type", Json)], [], answer);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return BadGateway;
        }
    }

    /// <exception cref="FormatException">The status is not an integer from 100 to 599, or the body is not valid base64.</exception>
    private static FunctionUrlResponse Proxy(JsonElement root, JsonElement status)
    {
        if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out var code) || code is < 100 or > 599)
        {
            throw new FormatException($"statusCode must be an integer from 100 to 599; received {status.GetRawText()}.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
        {
            headers.AddRange(headerObject.EnumerateObject().Where(h => h.Value.ValueKind == JsonValueKind.String).Select(h => new KeyValuePair<string, string>(h.Name, h.Value.GetString()!)));
        }

        var cookies = root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind == JsonValueKind.Array
            ? cookieArray.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList()
            : [];
        var isBase64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        var body = root.TryGetProperty("body", out var bodyText) && bodyText.ValueKind == JsonValueKind.String
            ? isBase64 ? bodyText.GetBytesFromBase64() : System.Text.Encoding.UTF8.GetBytes(bodyText.GetString()!)
            : [];
        return new FunctionUrlResponse(code, headers, cookies, body);
    }
}

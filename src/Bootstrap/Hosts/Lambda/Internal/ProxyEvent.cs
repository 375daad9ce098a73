using System.Globalization;
using System.Text.Json;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.Lambda.Internal;

/// <summary>
/// The parts of an HTTP API / Function URL version-2.0 proxy event the host needs: the body (base64-decoded when
/// <c>isBase64Encoded</c>), the request path, and the content-type, accept and Inference-Header-Content-Length
/// headers (matched case-insensitively; HTTP APIs lower-case them).
/// </summary>
internal sealed record ProxyEvent(byte[] Body, string? ContentType, string? Accept, int? HeaderLengthBytes, string? RawPath)
{
    /// <exception cref="MalformedPayloadException">The event is not valid JSON, or its body is not valid base64.</exception>
    public static ProxyEvent Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        byte[]? text = null;
        var isBase64 = false;
        string? contentType = null, accept = null, rawPath = null;
        int? headerLength = null;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "body" when reader.TokenType == JsonTokenType.String:
                        // Unescaped UTF-8 (JSON may escape '/' in base64); decoded below once isBase64Encoded, which may come later, is known.
                        text = new byte[reader.ValueSpan.Length];
                        text = text[..reader.CopyString(text)];
                        break;
                    case "isBase64Encoded":
                        isBase64 = reader.TokenType == JsonTokenType.True;
                        break;
                    case "rawPath" when reader.TokenType == JsonTokenType.String:
                        rawPath = reader.GetString();
                        break;
                    case "headers" when reader.TokenType == JsonTokenType.StartObject:
                        ReadHeaders(ref reader, ref contentType, ref accept, ref headerLength);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new MalformedPayloadException($"The proxy event is not valid JSON: {e.Message}", e.BytePositionInLine ?? -1);
        }

        var body = text ?? [];
        if (isBase64)
        {
            body = DecodeBase64(body);
        }

        return new ProxyEvent(body, contentType, accept, headerLength, rawPath);
    }

    private static void ReadHeaders(ref Utf8JsonReader reader, ref string? contentType, ref string? accept, ref int? headerLength)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? "";
            reader.Read();
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (value is null)
            {
                reader.Skip();
            }
            else if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (name.Equals("accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = value;
            }
            else if (name.Equals(Serialization.Formats.KServeBinaryFormat.HeaderLengthName, StringComparison.OrdinalIgnoreCase))
            {
                headerLength = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length)
                    ? length
                    : throw new MalformedPayloadException($"{Serialization.Formats.KServeBinaryFormat.HeaderLengthName} must be an integer; received '{value}'.");
            }
        }
    }

    private static byte[] DecodeBase64(byte[] base64)
    {
        var decoded = new byte[System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(base64, decoded, out _, out var written);
        return status == System.Buffers.OperationStatus.Done
            ? decoded[..written]
            : throw new MalformedPayloadException($"The proxy event's body must be base64 when isBase64Encoded is true; decoding stopped with {status}.");
    }
}

using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Json;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// Picks the wire format of a request from its <c>Content-Type</c> (and, for JSON and protobuf, from the document,
/// since TF-Serving and KServe share those media types), and the response format from <c>Accept</c>. A response
/// stays in the request's family (TF-Serving, KServe, or raw) unless <c>Accept</c> names another media type.
/// </summary>
public static class ContentNegotiation
{
    public const string Json = "application/json";
    public const string Protobuf = "application/x-protobuf";
    public const string OctetStream = "application/octet-stream";

    public static IWireFormat TfServingJson { get; } = WireFormats.Get("tfserving_json");

    public static IWireFormat TfServingProtobuf { get; } = WireFormats.Get("tfserving_grpc");

    public static IWireFormat KServeJson { get; } = WireFormats.Get("kserve_json");

    public static IWireFormat KServeBinary { get; } = WireFormats.Get("kserve_binary");

    public static IWireFormat KServeProtobuf { get; } = WireFormats.Get("kserve_grpc");

    /// <summary>The SageMaker rule: any of the toolkit's formats, told apart by media type and content.</summary>
    /// <exception cref="HttpStatusException">415 for a media type no format uses.</exception>
    public static IWireFormat RequestFormat(string? contentType, bool hasHeaderLength, ReadOnlySpan<byte> body)
    {
        if (hasHeaderLength)
        {
            return KServeBinary;
        }

        return MediaType(contentType) switch
        {
            Json => IsKServeJson(body) ? KServeJson : TfServingJson,
            Protobuf or "application/protobuf" or "application/vnd.google.protobuf" => IsKServeProtobuf(body) ? KServeProtobuf : TfServingProtobuf,
            // A KServe binary body starts with its JSON header; raw tensor bytes almost never start with '{' and
            // then also parse as a header, and a raw body of the wrong size is refused anyway.
            OctetStream => body.Length > 0 && body[0] == (byte)'{' ? KServeBinary : RawTensorFormat.Instance,
            var other => throw Unsupported(other, $"{Json}, {Protobuf} or {OctetStream}"),
        };
    }

    /// <summary>The response format <paramref name="accept"/> names, in the request's family.</summary>
    /// <exception cref="HttpStatusException">406 when no listed media type is one the host can write.</exception>
    public static IWireFormat ResponseFormat(string? accept, IWireFormat request)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return request;
        }

        foreach (var candidate in accept.Split(','))
        {
            var kServe = request.Name.StartsWith("kserve", StringComparison.Ordinal);
            var tfServing = request.Name.StartsWith("tfserving", StringComparison.Ordinal);
            IWireFormat? format = MediaType(candidate) switch
            {
                "*/*" or "application/*" => request,
                Json => tfServing ? TfServingJson : KServeJson,
                Protobuf or "application/protobuf" => tfServing ? TfServingProtobuf : KServeProtobuf,
                OctetStream => kServe ? KServeBinary : RawTensorFormat.Instance,
                _ => null,
            };
            if (format is not null)
            {
                return format;
            }
        }

        throw new HttpStatusException(406, $"Accept must name {Json}, {Protobuf} or {OctetStream}; received '{accept}'.");
    }

    public static string ContentTypeOf(IWireFormat format) =>
        format.Name.EndsWith("grpc", StringComparison.Ordinal) ? Protobuf : format.IsBinary ? OctetStream : Json;

    /// <summary>The media type without parameters, lower case; empty when absent.</summary>
    public static string MediaType(string? header)
    {
        var value = header ?? "";
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? value[..semicolon] : value).Trim().ToLowerInvariant();
    }

    public static HttpStatusException Unsupported(string mediaType, string expected) =>
        new(415, $"Content-Type must be {expected}; received '{(mediaType.Length == 0 ? "(none)" : mediaType)}'.");

    /// <summary>KServe v2 JSON has "inputs" as an array of objects; TF-Serving has "instances", or "inputs" as an
    /// object or an array of values.</summary>
    private static bool IsKServeJson(ReadOnlySpan<byte> body)
    {
        var scanner = new JsonScanner(body);
        if (scanner.Peek() != (byte)'{')
        {
            return false;
        }

        scanner.Position++;
        var first = true;
        while (scanner.NextProperty(ref first, out var name))
        {
            if (name == "inputs")
            {
                return scanner.TryConsume((byte)'[') && scanner.Peek() == (byte)'{';
            }

            if (name == "instances")
            {
                return false;
            }

            scanner.SkipValue();
        }

        return false;
    }

    /// <summary>A KServe ModelInferRequest carries its inputs in field 5 (and raw contents in 7); a TF-Serving
    /// PredictRequest has only fields 1–3. The top-level tags tell them apart without parsing the tensors.</summary>
    private static bool IsKServeProtobuf(ReadOnlySpan<byte> body)
    {
        var position = 0;
        while (position < body.Length)
        {
            if (!TryReadVarint(body, ref position, out var tag))
            {
                return false;
            }

            var field = tag >> 3;
            if (field >= 4)
            {
                return true;
            }

            ulong length = 0;
            var skipped = (tag & 7) switch
            {
                0 => TryReadVarint(body, ref position, out _),
                1 => (position += 8) <= body.Length,
                2 => TryReadVarint(body, ref position, out length) && (ulong)body.Length - (ulong)position >= length,
                5 => (position += 4) <= body.Length,
                _ => false,
            };
            if (!skipped)
            {
                return false;
            }

            position += (int)length;
        }

        return false;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> body, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < body.Length; shift += 7)
        {
            var b = body[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}

using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats.Internal;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats;

/// <summary>
/// The KServe v2 binary tensor data extension: a JSON header whose tensors carry
/// <c>"parameters":{"binary_data_size":N}</c> instead of "data", followed by each tensor's raw little-endian bytes
/// in order. The HTTP header <see cref="HeaderLengthName"/> tells the receiver where the JSON ends; this decoder
/// also finds it by reading the JSON to its closing brace.
/// </summary>
public sealed class KServeBinaryFormat : IWireFormat
{
    public const string HeaderLengthName = "Inference-Header-Content-Length";

    public const string ContentType = "application/octet-stream";

    public string Name => "kserve_binary";

    public bool IsBinary => true;

    public byte[] Encode(InferenceMessage message, MessageKind kind) => EncodeWithHeaderLength(message, kind, out _);

    /// <summary>Encodes and returns the JSON header's length, the value of <see cref="HeaderLengthName"/>.</summary>
    public static byte[] EncodeWithHeaderLength(InferenceMessage message, MessageKind kind, out int headerLengthBytes)
    {
        var header = new Utf8Buffer(512);
        KServeJsonDocument.Write(header, message, kind, binary: true);
        headerLengthBytes = header.LengthBytes;
        var body = GC.AllocateUninitializedArray<byte>(checked((int)(header.LengthBytes + message.TensorBytes)));
        header.WrittenSpan.CopyTo(body);
        var offset = header.LengthBytes;
        foreach (var (_, tensor) in message.Tensors)
        {
            tensor.Data.CopyTo(body, offset);
            offset += tensor.Data.Length;
        }

        return body;
    }

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options) =>
        Decode(payload, kind, options, headerLengthBytes: null);

    /// <summary>Decodes with the header length from <see cref="HeaderLengthName"/>, when the transport gave one.</summary>
    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options, int? headerLengthBytes)
    {
        TensorFactory.CheckSize(payload, options, Name);
        if (headerLengthBytes is { } given && (given < 2 || given > payload.Length))
        {
            throw new MalformedPayloadException(
                $"{HeaderLengthName} must be between 2 and the body length {payload.Length}; received {given}.");
        }

        var json = headerLengthBytes is { } length ? payload[..length] : payload;
        var message = KServeJsonDocument.Read(json, kind, options, binary: true, payload[FindHeaderEnd(json)..], out var consumed);
        if (headerLengthBytes is { } expected && consumed != expected)
        {
            throw new MalformedPayloadException($"{HeaderLengthName} is {expected}, but the JSON header ends at byte {consumed}.");
        }

        return TensorFactory.RequireTensors(message, kind, Name);
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> json)
    {
        var scanner = new JsonScanner(json);
        scanner.SkipValue();
        return scanner.Position;
    }
}

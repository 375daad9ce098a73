using System.Runtime.InteropServices;
using Google.Protobuf;
using Toolkit.Serialization.Errors;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>Moving tensor bytes in and out of protobuf <see cref="ByteString"/>s without extra copies, and parsing
/// with protobuf errors turned into <see cref="MalformedPayloadException"/>.</summary>
internal static class ProtobufBytes
{
    /// <summary>Wraps the tensor's array: the encoder copies it once, straight into the output.</summary>
    public static ByteString Wrap(byte[] data) => UnsafeByteOperations.UnsafeWrap(data);

    /// <summary>The parsed bytes as an array; the parser's own exactly-sized array is reused when it is one.</summary>
    public static byte[] ToArray(ByteString bytes) =>
        MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToByteArray();

    public static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> payload, string format)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new MalformedPayloadException($"{format} payload is not a valid protobuf message: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            // Google.Protobuf reports some truncations (a tag with no field after it) this way instead.
            throw new MalformedPayloadException($"{format} payload is not a valid protobuf message: {error.Message}", error);
        }
    }
}

namespace Toolkit.Serialization.Formats;

/// <summary>
/// One wire format: turns a request or response into the bytes of an HTTP body or a protobuf message, and back.
/// A decoder returns whole tensors or throws a <see cref="Errors.PayloadException"/>; it never returns a partial
/// tensor.
/// </summary>
public interface IWireFormat
{
    /// <summary>The format's name in reports: tfserving_json, tfserving_json_paper, kserve_json, kserve_binary,
    /// kserve_grpc, tfserving_grpc.</summary>
    string Name { get; }

    /// <summary>True when the body is not text, so a JSON-only transport (a Lambda event) must base64 it.</summary>
    bool IsBinary { get; }

    byte[] Encode(InferenceMessage message, MessageKind kind);

    /// <exception cref="Errors.PayloadException">The payload is malformed, too large, or its tensors are inconsistent.</exception>
    InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options);
}

using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>
/// <c>application/octet-stream</c> without the KServe header: the raw little-endian bytes of a single-input model's
/// input tensor, in the model's data type and shape (as SageMaker clients send an image tensor). The response is the
/// single output's raw bytes. Only the host can use it, since only the model gives the bytes a shape.
/// </summary>
public sealed class RawTensorFormat : IWireFormat
{
    public static RawTensorFormat Instance { get; } = new();

    public string Name => "raw";

    public bool IsBinary => true;

    public byte[] Encode(InferenceMessage message, MessageKind kind) =>
        message.Tensors.Count == 1
            ? message.Tensors[0].Tensor.Data
            : throw new HttpStatusException(406, $"A raw octet-stream body holds exactly one tensor; this message has {message.Tensors.Count}. Accept application/json or the KServe binary extension instead.");

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options)
    {
        if (payload.Length > options.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException($"The raw body must be at most {options.MaxPayloadBytes} bytes; received {payload.Length}.");
        }

        if (options.Expected is not [var spec])
        {
            throw new HttpStatusException(415, $"A raw octet-stream body needs a model with exactly one input; this model has {options.Expected?.Count ?? 0}. Send the KServe binary extension (with {KServeBinaryFormat.HeaderLengthName}).");
        }

        if (payload.Length != spec.ByteCount)
        {
            throw new TensorShapeMismatchException(
                $"A raw body for input '{spec.Name}' must be {spec.ByteCount} bytes ({spec.DataType.KServeName()}[{string.Join(',', spec.Shape)}]); received {payload.Length}.");
        }

        return new InferenceMessage("", [new NamedTensor(spec.Name, new Tensor(spec.DataType, spec.Shape, payload.ToArray()))]);
    }
}

using Toolkit.Serialization.Formats.Internal;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats;

/// <summary>KServe v2 / Open Inference Protocol REST with JSON tensor data: flat "data" arrays, shortest floats.</summary>
public sealed class KServeJsonFormat : IWireFormat
{
    public string Name => "kserve_json";

    public bool IsBinary => false;

    public byte[] Encode(InferenceMessage message, MessageKind kind)
    {
        var output = new Utf8Buffer(JsonTensorWriter.EstimateBytes(message, paperStyle: false));
        KServeJsonDocument.Write(output, message, kind, binary: false);
        return output.ToArray();
    }

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options)
    {
        TensorFactory.CheckSize(payload, options, Name);
        return TensorFactory.RequireTensors(KServeJsonDocument.Read(payload, kind, options, binary: false, default, out _), kind, Name);
    }
}

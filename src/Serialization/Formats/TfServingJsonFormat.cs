using Toolkit.Serialization.Formats.Internal;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats;

/// <summary>TF-Serving REST predict JSON, arrays nested by shape, written with the toolkit's shortest float32 codec.</summary>
public sealed class TfServingJsonFormat : IWireFormat
{
    public string Name => "tfserving_json";

    public bool IsBinary => false;

    public byte[] Encode(InferenceMessage message, MessageKind kind)
    {
        var output = new Utf8Buffer(JsonTensorWriter.EstimateBytes(message, paperStyle: false));
        TfServingJsonDocument.Write(output, message, kind, paperStyle: false);
        return output.ToArray();
    }

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options)
    {
        TensorFactory.CheckSize(payload, options, Name);
        return TensorFactory.RequireTensors(TfServingJsonDocument.Read(payload, kind, options), kind, Name);
    }
}

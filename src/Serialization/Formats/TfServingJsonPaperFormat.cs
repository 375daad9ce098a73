using Toolkit.Serialization.Formats.Internal;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats;

/// <summary>The same TF-Serving REST document as the paper's Python client wrote it (json.dumps of numpy tolist(): float32 widened to double, repr digits, ", " separators), to reproduce Table 2's REST column. Decoding reads it like any TF-Serving JSON.</summary>
public sealed class TfServingJsonPaperFormat : IWireFormat
{
    public string Name => "tfserving_json_paper";

    public bool IsBinary => false;

    public byte[] Encode(InferenceMessage message, MessageKind kind)
    {
        var output = new Utf8Buffer(JsonTensorWriter.EstimateBytes(message, paperStyle: true));
        TfServingJsonDocument.Write(output, message, kind, paperStyle: true);
        return output.ToArray();
    }

    public InferenceMessage Decode(ReadOnlySpan<byte> payload, MessageKind kind, DecodeOptions options)
    {
        TensorFactory.CheckSize(payload, options, Name);
        return TensorFactory.RequireTensors(TfServingJsonDocument.Read(payload, kind, options), kind, Name);
    }
}

using System.Text.Json;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Json;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Table2;

/// <summary>
/// The toolkit's JSON float codec against System.Text.Json, both writing and reading one payload's float32 values
/// as a flat JSON array (System.Text.Json: <c>JsonSerializer</c> on a <c>float[]</c>), measured side by side in
/// process CPU time (median of runs).
/// Also protobuf encoding against a plain copy of the same bytes.
/// </summary>
public static class CodecComparison
{
    public static List<JsonCodecRow> RunJsonCodec(bool quick)
    {
        var runs = quick ? 5 : 15;
        var budgetMs = quick ? 3000 : 10000;
        var rows = new List<JsonCodecRow>();
        foreach (var (name, values) in Payloads(quick))
        {
            var toolkitBuffer = new Utf8Buffer(values.Length * 16);
            JsonFloatArray.Write(values, toolkitBuffer);
            var toolkitJson = toolkitBuffer.ToArray();
            var target = new float[values.Length];
            var toolkitEncode = Timing.MedianCpuUs(() => { toolkitBuffer.Clear(); JsonFloatArray.Write(values, toolkitBuffer); }, runs, budgetMs);
            var toolkitDecode = Timing.MedianCpuUs(() => JsonFloatArray.Read(toolkitJson, target), runs, budgetMs);

            var systemJson = JsonSerializer.SerializeToUtf8Bytes(values);
            var systemEncode = Timing.MedianCpuUs(() => JsonSerializer.SerializeToUtf8Bytes(values), runs, budgetMs);
            var systemDecode = Timing.MedianCpuUs(() => JsonSerializer.Deserialize<float[]>(systemJson), runs, budgetMs);

            rows.Add(new JsonCodecRow(name, "system_text_json", values.Length, systemJson.Length, systemEncode * 1000 / values.Length, systemDecode * 1000 / values.Length));
            rows.Add(new JsonCodecRow(name, "toolkit", values.Length, toolkitJson.Length, toolkitEncode * 1000 / values.Length, toolkitDecode * 1000 / values.Length));
        }

        return rows;
    }

    public static List<ProtobufCopyRow> RunProtobufCopy(bool quick)
    {
        var runs = quick ? 5 : 21;
        var budgetMs = quick ? 500 : 3000;
        var message = PayloadGenerator.Request(PaperModel.YoloV5);
        var data = message.Tensors[0].Tensor.Data;
        var memcpyUs = Timing.MedianUs(() => data.AsSpan().CopyTo(new byte[data.Length]), runs, budgetMs);
        var rows = new List<ProtobufCopyRow>();
        foreach (var format in (IWireFormat[])[new KServeGrpcFormat(), new TfServingGrpcFormat()])
        {
            var encodeUs = Timing.MedianUs(() => format.Encode(message, MessageKind.Request), runs, budgetMs);
            rows.Add(new ProtobufCopyRow("yolo_v5.input", format.Name, encodeUs, memcpyUs, encodeUs / memcpyUs));
        }

        return rows;
    }

    private static IEnumerable<(string Name, float[] Values)> Payloads(bool quick)
    {
        yield return ("yolo_v5.input", PayloadGenerator.Request(PaperModel.YoloV5).Tensors[0].Tensor.AsSpan<float>().ToArray());
        if (!quick)
        {
            yield return ("yolo_v5.output", PayloadGenerator.Response(PaperModel.YoloV5).Tensors[0].Tensor.AsSpan<float>().ToArray());
            yield return ("mobilenet_v1.input", PayloadGenerator.Request(PaperModel.MobileNetV1).Tensors[0].Tensor.AsSpan<float>().ToArray());
        }
    }
}

using System.Text.Json;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Json;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Table2;

/// <summary>
/// The toolkit's JSON float codec against System.Text.Json, both writing and reading one payload's float32 values
/// as a flat JSON array (System.Text.Json: <c>JsonSerializer</c> on a <c>float[]</c>), timed in alternation in
/// process CPU time (<see cref="PairedTiming"/>). Also protobuf encoding against a plain copy of the same bytes.
/// </summary>
public static class CodecComparison
{
    public static List<JsonCodecRow> RunJsonCodec(bool quick)
    {
        var rounds = quick ? 7 : 21;
        var budgetMs = quick ? 3000 : 10000;
        var rows = new List<JsonCodecRow>();
        foreach (var (name, values) in Payloads(quick))
        {
            var toolkitBuffer = new Utf8Buffer(values.Length * 16);
            JsonFloatArray.Write(values, toolkitBuffer);
            var toolkitJson = toolkitBuffer.ToArray();
            var systemJson = JsonSerializer.SerializeToUtf8Bytes(values);
            var target = new float[values.Length];

            var encode = PairedTiming.Measure(
                () => JsonSerializer.SerializeToUtf8Bytes(values),
                () => { toolkitBuffer.Clear(); JsonFloatArray.Write(values, toolkitBuffer); },
                rounds,
                budgetMs,
                cpuTime: true);
            var decode = PairedTiming.Measure(
                () => JsonSerializer.Deserialize<float[]>(systemJson),
                () => JsonFloatArray.Read(toolkitJson, target),
                rounds,
                budgetMs,
                cpuTime: true);

            double PerValue(double us) => us * 1000 / values.Length;
            rows.Add(new JsonCodecRow(
                name,
                values.Length,
                toolkitJson.Length,
                systemJson.Length,
                PerValue(encode.CandidateUs),
                PerValue(encode.BaselineUs),
                encode.Speedup,
                PerValue(decode.CandidateUs),
                PerValue(decode.BaselineUs),
                decode.Speedup));
        }

        return rows;
    }

    public static List<ProtobufCopyRow> RunProtobufCopy(bool quick)
    {
        var rounds = quick ? 21 : 61;
        var budgetMs = quick ? 1000 : 3000;
        var message = PayloadGenerator.Request(PaperModel.YoloV5);
        var data = message.Tensors[0].Tensor.Data;
        var rows = new List<ProtobufCopyRow>();
        foreach (var format in (IWireFormat[])[new KServeGrpcFormat(), new TfServingGrpcFormat()])
        {
            // Wall time: one run is about a millisecond, below the resolution of process CPU time.
            var result = PairedTiming.Measure(
                () => data.AsSpan().CopyTo(new byte[data.Length]),
                () => format.Encode(message, MessageKind.Request),
                rounds,
                budgetMs,
                cpuTime: false);
            rows.Add(new ProtobufCopyRow("yolo_v5.input", format.Name, result.CandidateUs, result.BaselineUs, 1 / result.Speedup));
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

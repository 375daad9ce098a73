using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Table2;

/// <summary>Builds Table 2's rows: every model, direction, wire format and element encoding, sized and timed.</summary>
public static class Table2Runner
{
    private const double BytesPerMib = 1024 * 1024;

    // Decoding here must accept every Table 2 payload, including YOLOv5's 60+ MB JSON output.
    private static readonly DecodeOptions Unlimited = new(MaxPayloadBytes: 1L << 30);

    public static List<Table2Row> Run(bool quick)
    {
        var runs = quick ? 3 : 11;
        var budgetMs = quick ? 300 : 3000;
        var rows = new List<Table2Row>();
        foreach (var model in PaperModels.All)
        {
            foreach (var direction in (MessageDirection[])[MessageDirection.Input, MessageDirection.Output])
            {
                foreach (var dataType in ElementTypes(model, direction))
                {
                    var message = PayloadGenerator.Message(model, direction, dataType);
                    var kind = direction == MessageDirection.Input ? MessageKind.Request : MessageKind.Response;
                    var options = Unlimited with { Expected = [.. message.Tensors.Select(t => new TensorSpec(t.Name, t.Tensor.DataType, t.Tensor.Shape))] };
                    foreach (var format in WireFormats.All)
                    {
                        rows.Add(Measure(model, direction, dataType, message, kind, options, format, runs, budgetMs));
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>Image inputs as float32, float16 and uint8 pixels; BERT's ids as int32; outputs as float32 and float16.</summary>
    public static IReadOnlyList<DataType> ElementTypes(PaperModel model, MessageDirection direction) =>
        direction == MessageDirection.Output ? [DataType.Float32, DataType.Float16]
        : model.TakesImage() ? [DataType.Float32, DataType.Float16, DataType.UInt8]
        : [DataType.Int32];

    private static Table2Row Measure(PaperModel model, MessageDirection direction, DataType dataType, InferenceMessage message, MessageKind kind, DecodeOptions options, IWireFormat format, int runs, double budgetMs)
    {
        var bytes = format.Encode(message, kind);
        var encodeUs = Timing.MedianUs(() => format.Encode(message, kind), runs, budgetMs);
        var decodeUs = Timing.MedianUs(() => format.Decode(bytes, kind, options), runs, budgetMs);
        var isFloat32 = dataType is DataType.Float32 or DataType.Int32;
        double? paperMib = !isFloat32 ? null
            : format is KServeGrpcFormat or TfServingGrpcFormat ? model.PaperGrpcMib(direction)
            : format is TfServingJsonPaperFormat ? model.PaperRestMb(direction)
            : null;
        return new Table2Row(
            model.Id(),
            direction == MessageDirection.Input ? "input" : "output",
            format.Name,
            dataType.KServeName().ToLowerInvariant(),
            bytes.LongLength,
            bytes.LongLength / BytesPerMib,
            paperMib,
            bytes.LongLength - message.TensorBytes,
            encodeUs,
            decodeUs,
            PlatformLimits.FitsLambda(bytes.LongLength, format.IsBinary),
            PlatformLimits.FitsSageMaker(bytes.LongLength),
            PlatformLimits.FitsCloudRun(bytes.LongLength));
    }
}

using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Payloads;

/// <summary>Names, signatures and the paper's Table 2 sizes of the four models (DESIGN.md, "The paper's models").</summary>
public static class PaperModels
{
    public static IReadOnlyList<PaperModel> All { get; } = [PaperModel.MobileNetV1, PaperModel.InceptionV3, PaperModel.YoloV5, PaperModel.Bert];

    /// <summary>The id used in reports and as the served model's name: mobilenet_v1, inception_v3, yolo_v5, bert.</summary>
    public static string Id(this PaperModel model) => model switch
    {
        PaperModel.MobileNetV1 => "mobilenet_v1",
        PaperModel.InceptionV3 => "inception_v3",
        PaperModel.YoloV5 => "yolo_v5",
        PaperModel.Bert => "bert",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    /// <summary>Input signature. Images are NHWC float32 scaled to [0,1]; BERT takes three int32 [1,500] tensors.</summary>
    public static IReadOnlyList<TensorSpec> Inputs(this PaperModel model) => model switch
    {
        PaperModel.MobileNetV1 => [new("input", DataType.Float32, [1, 224, 224, 3])],
        PaperModel.InceptionV3 => [new("input", DataType.Float32, [1, 299, 299, 3])],
        PaperModel.YoloV5 => [new("images", DataType.Float32, [1, 640, 640, 3])],
        PaperModel.Bert =>
        [
            new("input_ids", DataType.Int32, [1, BertSequenceLength]),
            new("input_masks", DataType.Int32, [1, BertSequenceLength]),
            new("segment_ids", DataType.Int32, [1, BertSequenceLength]),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    /// <summary>Output signature: 1001-class softmax, YOLOv5's 25200 candidate boxes × 85, BERT's two-class softmax.</summary>
    public static IReadOnlyList<TensorSpec> Outputs(this PaperModel model) => model switch
    {
        PaperModel.MobileNetV1 or PaperModel.InceptionV3 => [new("probabilities", DataType.Float32, [1, 1001])],
        PaperModel.YoloV5 => [new("output0", DataType.Float32, [1, YoloCandidates, YoloRowLength])],
        PaperModel.Bert => [new("probabilities", DataType.Float32, [1, 2])],
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    /// <summary>True for the image models, whose input can travel as uint8 pixels.</summary>
    public static bool TakesImage(this PaperModel model) => model != PaperModel.Bert;

    /// <summary>Table 2's gRPC column (the paper writes MB; the values are MiB of tensor bytes).</summary>
    public static double PaperGrpcMib(this PaperModel model, MessageDirection direction) => (model, direction) switch
    {
        (PaperModel.MobileNetV1, MessageDirection.Input) => 0.574,
        (PaperModel.InceptionV3, MessageDirection.Input) => 1.023,
        (PaperModel.YoloV5, MessageDirection.Input) => 4.688,
        (PaperModel.Bert, MessageDirection.Input) => 0.006,
        (PaperModel.MobileNetV1 or PaperModel.InceptionV3, MessageDirection.Output) => 0.0040,
        (PaperModel.YoloV5, MessageDirection.Output) => 8.172,
        (PaperModel.Bert, MessageDirection.Output) => 0.0001,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    /// <summary>Table 2's REST column, as printed.</summary>
    public static double PaperRestMb(this PaperModel model, MessageDirection direction) => (model, direction) switch
    {
        (PaperModel.MobileNetV1, MessageDirection.Input) => 3.014,
        (PaperModel.InceptionV3, MessageDirection.Input) => 5.524,
        (PaperModel.YoloV5, MessageDirection.Input) => 24.547,
        (PaperModel.Bert, MessageDirection.Input) => 0.004,
        (PaperModel.MobileNetV1, MessageDirection.Output) => 0.0268,
        (PaperModel.InceptionV3, MessageDirection.Output) => 0.0265,
        (PaperModel.YoloV5, MessageDirection.Output) => 63.5932,
        (PaperModel.Bert, MessageDirection.Output) => 0.0001,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    /// <summary>BERT's padded sequence length in the paper.</summary>
    public const int BertSequenceLength = 500;

    /// <summary>YOLOv5 at 640×640: 3 anchors on 80×80, 40×40 and 20×20 grids.</summary>
    public const int YoloCandidates = 25200;

    /// <summary>x, y, w, h, objectness and 80 COCO class scores.</summary>
    public const int YoloRowLength = 85;
}

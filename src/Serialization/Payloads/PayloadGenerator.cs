using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads.Internal;

namespace Toolkit.Serialization.Payloads;

/// <summary>
/// Deterministic requests and responses for the four models, with Table 2's shapes and types: smooth synthetic
/// pictures with pixel values k/255, softmax outputs, YOLOv5 boxes and scores, and BERT ids of a padded review.
/// The same seed gives the same bytes on every machine and runtime.
/// </summary>
public static class PayloadGenerator
{
    public const ulong DefaultSeed = 20231101;

    /// <summary>The model's request; image inputs are float32 [0,1] unless <paramref name="imageType"/> asks for
    /// float16 or uint8 pixels (see <see cref="ElementEncodings"/>).</summary>
    public static InferenceMessage Request(PaperModel model, ulong seed = DefaultSeed, DataType imageType = DataType.Float32)
    {
        var specs = model.Inputs();
        if (model == PaperModel.Bert)
        {
            var (ids, mask, segments) = SyntheticData.BertReview(PaperModels.BertSequenceLength, seed);
            return new InferenceMessage(model.Id(),
            [
                new(specs[0].Name, Tensor.From<int>(ids, specs[0].Shape)),
                new(specs[1].Name, Tensor.From<int>(mask, specs[1].Shape)),
                new(specs[2].Name, Tensor.From<int>(segments, specs[2].Shape)),
            ]);
        }

        var shape = specs[0].Shape;
        var levels = SyntheticData.ImageLevels(shape[1], shape[2], seed);
        var pixels = Tensor.From<byte>(levels, shape);
        var image = imageType switch
        {
            DataType.UInt8 => pixels,
            DataType.Float32 => ElementEncodings.FromUInt8Pixels(pixels),
            DataType.Float16 => ElementEncodings.ToFloat16(ElementEncodings.FromUInt8Pixels(pixels)),
            _ => throw new ArgumentException($"Image type must be Float32, Float16 or UInt8; received {imageType}.", nameof(imageType)),
        };
        return new InferenceMessage(model.Id(), [new(specs[0].Name, image)]);
    }

    /// <summary>The model's response, float32 unless <paramref name="outputType"/> is Float16.</summary>
    public static InferenceMessage Response(PaperModel model, ulong seed = DefaultSeed, DataType outputType = DataType.Float32)
    {
        var spec = model.Outputs()[0];
        var values = model switch
        {
            PaperModel.YoloV5 => SyntheticData.YoloDetections(seed),
            _ => SyntheticData.Softmax(spec.Shape[1], seed),
        };
        var tensor = Tensor.From<float>(values, spec.Shape);
        return new InferenceMessage(model.Id(), [new(spec.Name, outputType == DataType.Float16 ? ElementEncodings.ToFloat16(tensor) : tensor)]);
    }

    public static InferenceMessage Message(PaperModel model, MessageDirection direction, DataType dataType = DataType.Float32, ulong seed = DefaultSeed) =>
        direction == MessageDirection.Input ? Request(model, seed, dataType) : Response(model, seed, dataType);
}

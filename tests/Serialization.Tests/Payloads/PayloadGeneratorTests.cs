using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Serialization.Tests.Payloads;

public class PayloadGeneratorTests
{
    [Theory]
    [InlineData(PaperModel.MobileNetV1, 602_112L, 4_004L)]
    [InlineData(PaperModel.InceptionV3, 1_072_812L, 4_004L)]
    [InlineData(PaperModel.YoloV5, 4_915_200L, 8_568_000L)]
    [InlineData(PaperModel.Bert, 6_000L, 8L)]
    public void Shapes_and_types_follow_table_2(PaperModel model, long inputBytes, long outputBytes)
    {
        var request = PayloadGenerator.Request(model);
        var response = PayloadGenerator.Response(model);
        Assert.Equal(inputBytes, request.TensorBytes);
        Assert.Equal(outputBytes, response.TensorBytes);
        Assert.Equal(model.Id(), request.ModelName);
        for (var i = 0; i < request.Tensors.Count; i++)
        {
            Assert.True(model.Inputs()[i].Matches(request.Tensors[i].Tensor));
            Assert.Equal(model.Inputs()[i].Name, request.Tensors[i].Name);
        }

        Assert.True(model.Outputs()[0].Matches(response.Tensors[0].Tensor));
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        foreach (var model in PaperModels.All)
        {
            Assert.Equal(PayloadGenerator.Request(model, 1).Tensors[0].Tensor.Data, PayloadGenerator.Request(model, 1).Tensors[0].Tensor.Data);
            Assert.NotEqual(PayloadGenerator.Request(model, 1).Tensors[0].Tensor.Data, PayloadGenerator.Request(model, 2).Tensors[0].Tensor.Data);
            Assert.Equal(PayloadGenerator.Response(model, 1).Tensors[0].Tensor.Data, PayloadGenerator.Response(model, 1).Tensors[0].Tensor.Data);
        }
    }

    [Fact]
    public void Images_are_smooth_pictures_of_k_over_255_values()
    {
        var image = PayloadGenerator.Request(PaperModel.MobileNetV1).Tensors[0].Tensor;
        var pixels = image.AsSpan<float>();
        var levels = new HashSet<int>();
        foreach (var value in pixels)
        {
            var k = (int)MathF.Round(value * 255);
            Assert.Equal(k / 255f, value);
            levels.Add(k);
        }

        // Many distinct levels (a picture, not a flat fill) but neighbours close (not white noise).
        Assert.True(levels.Count > 100, $"only {levels.Count} levels");
        double step = 0;
        for (var i = 3; i < pixels.Length; i += 3)
        {
            step += Math.Abs(pixels[i] - pixels[i - 3]);
        }

        Assert.True(step / (pixels.Length / 3) < 0.02, $"mean neighbour step {step / (pixels.Length / 3)}");
    }

    [Fact]
    public void Classifier_outputs_are_softmax_probabilities()
    {
        var probabilities = PayloadGenerator.Response(PaperModel.InceptionV3).Tensors[0].Tensor.AsSpan<float>();
        Assert.All(probabilities.ToArray(), p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1.0, probabilities.ToArray().Sum(p => (double)p), 4);
        Assert.True(probabilities.ToArray().Max() > 0.3f, "a confident top class");
    }

    [Fact]
    public void Yolo_outputs_have_boxes_in_pixels_and_scores_in_0_1()
    {
        var rows = PayloadGenerator.Response(PaperModel.YoloV5).Tensors[0].Tensor.AsSpan<float>();
        var objects = 0;
        for (var row = 0; row < PaperModels.YoloCandidates; row++)
        {
            var values = rows.Slice(row * 85, 85);
            Assert.InRange(values[0], 0f, 640f);
            Assert.InRange(values[1], 0f, 640f);
            Assert.InRange(values[2], 1f, 640f);
            Assert.InRange(values[4], 0f, 1f);
            objects += values[4] > 0.5f ? 1 : 0;
            for (var k = 5; k < 85; k++)
            {
                Assert.InRange(values[k], 0f, 1f);
            }
        }

        Assert.InRange(objects, 1, 500);
    }

    [Fact]
    public void Bert_inputs_look_like_a_padded_review()
    {
        var request = PayloadGenerator.Request(PaperModel.Bert);
        var ids = request.Tensors[0].Tensor.AsSpan<int>();
        var mask = request.Tensors[1].Tensor.AsSpan<int>();
        var segments = request.Tensors[2].Tensor.AsSpan<int>();
        Assert.Equal(101, ids[0]);
        var length = mask.IndexOf(0);
        Assert.InRange(length, 100, 400);
        Assert.Equal(102, ids[length - 1]);
        Assert.All(ids[length..].ToArray(), id => Assert.Equal(0, id));
        Assert.All(mask[..length].ToArray(), m => Assert.Equal(1, m));
        Assert.All(segments.ToArray(), s => Assert.Equal(0, s));
        Assert.All(ids[1..(length - 1)].ToArray(), id => Assert.InRange(id, 1996, 30521));
    }

    [Fact]
    public void Image_inputs_come_in_float16_and_uint8_too()
    {
        Assert.Equal(DataType.Float16, PayloadGenerator.Request(PaperModel.YoloV5, imageType: DataType.Float16).Tensors[0].Tensor.DataType);
        Assert.Equal(1_228_800, PayloadGenerator.Request(PaperModel.YoloV5, imageType: DataType.UInt8).TensorBytes);
        Assert.Throws<ArgumentException>(() => PayloadGenerator.Request(PaperModel.YoloV5, imageType: DataType.Int64));
    }
}

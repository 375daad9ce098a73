using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Serialization.Tests.Infrastructure;

/// <summary>Helpers for comparing messages and building the signature a decoder expects.</summary>
internal static class Messages
{
    public static DecodeOptions OptionsFor(InferenceMessage message) =>
        new([.. message.Tensors.Select(t => new TensorSpec(t.Name, t.Tensor.DataType, t.Tensor.Shape))]);

    public static void AssertSameTensors(InferenceMessage expected, InferenceMessage actual)
    {
        Assert.Equal(expected.Tensors.Count, actual.Tensors.Count);
        for (var i = 0; i < expected.Tensors.Count; i++)
        {
            Assert.Equal(expected.Tensors[i].Name, actual.Tensors[i].Name);
            Assert.Equal(expected.Tensors[i].Tensor.DataType, actual.Tensors[i].Tensor.DataType);
            Assert.Equal(expected.Tensors[i].Tensor.Shape, actual.Tensors[i].Tensor.Shape);
            Assert.True(expected.Tensors[i].Tensor.Data.AsSpan().SequenceEqual(actual.Tensors[i].Tensor.Data), $"Tensor '{expected.Tensors[i].Name}' bytes differ.");
        }
    }

    public static InferenceMessage Small(DataType dataType, params int[] shape)
    {
        var tensor = Tensor.Zeros(dataType, shape);
        var random = new Random(5);
        random.NextBytes(tensor.Data);
        if (dataType == DataType.Float32)
        {
            var floats = tensor.AsSpan<float>();
            for (var i = 0; i < floats.Length; i++)
            {
                floats[i] = (float)(random.NextDouble() * 2 - 1);
            }
        }
        else if (dataType == DataType.Float16)
        {
            var halves = tensor.AsSpan<Half>();
            for (var i = 0; i < halves.Length; i++)
            {
                halves[i] = (Half)(random.NextDouble() * 100 - 50);
            }
        }

        return new InferenceMessage("tiny", [new("x", tensor)]);
    }
}

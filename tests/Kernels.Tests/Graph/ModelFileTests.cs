using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

public class ModelFileTests
{
    [Fact]
    public void A_model_written_and_read_back_is_the_same_model()
    {
        var graph = MobileNetV1.Build(ModelZoo.DefaultSeed);
        var path = Path.Combine(Path.GetTempPath(), $"toolkit-{Guid.NewGuid():N}{ModelFile.Extension}");
        try
        {
            ModelFile.Write(graph, path);
            var loaded = ModelFile.Read(path);

            Assert.Equal(graph.Name, loaded.Name);
            Assert.Equal(graph.Nodes.Select(n => n.ToString()), loaded.Nodes.Select(n => n.ToString()));
            Assert.Equal(graph.Initializers.Keys, loaded.Initializers.Keys);
            foreach (var (name, tensor) in graph.Initializers)
            {
                Assert.Equal(tensor.Shape, loaded.Initializers[name].Shape);
                Assert.Equal(tensor.Data, loaded.Initializers[name].Data);
            }

            Assert.Equal(File.ReadAllBytes(path), Write(loaded));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Weights_start_on_64_byte_boundaries()
    {
        var bytes = Write(MobileNetV1.Build(1));
        var headerLength = BitConverter.ToInt32(bytes, 8);
        var dataStart = (8 + 4 + headerLength + 63) / 64 * 64;
        Assert.Equal(0, dataStart % 64);
        Assert.Equal(0, (bytes.Length - dataStart) % 64);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_rejected_by_name()
    {
        var error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(new MemoryStream("not a model at all"u8.ToArray()), "junk.tkm"));
        Assert.Contains("junk.tkm", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(5000)]
    [InlineData(100_000)]
    public void A_truncated_file_is_rejected(int keptBytes)
    {
        var bytes = Write(MobileNetV1.Build(1))[..keptBytes];
        Assert.Throws<ModelFormatException>(() => ModelFile.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Corrupt_headers_never_escape_as_other_exceptions()
    {
        var original = Write(MobileNetV1.Build(1));
        var random = new SeededRandom(99);
        for (var trial = 0; trial < 100; trial++)
        {
            var bytes = (byte[])original.Clone();
            var position = 12 + random.NextInt(4000);
            bytes[position] ^= (byte)(1 + random.NextInt(255));
            try
            {
                ModelFile.Read(new MemoryStream(bytes));
            }
            catch (ModelFormatException)
            {
            }
        }
    }

    private static byte[] Write(ModelGraph graph)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(graph, stream);
        return stream.ToArray();
    }
}

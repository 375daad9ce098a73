using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Zoo;

public class MobileNetV1Tests
{
    [Fact]
    public void Has_the_papers_shapes()
    {
        var graph = MobileNetV1.Build(ModelZoo.DefaultSeed);
        var shapes = ShapeInference.Infer(graph);

        Assert.Equal([1, 224, 224, 3], graph.Inputs.Single().Shape);
        Assert.Equal([1, 1001], shapes[graph.Outputs.Single()]);
    }

    [Fact]
    public void Has_about_4_2_million_parameters()
    {
        // 4.25 M with batch-norm statistics counted, as in TensorFlow's slim MobileNetV1 1.0 224 checkpoint.
        var parameters = MobileNetV1.Build(ModelZoo.DefaultSeed).ParameterCount;
        Assert.InRange(parameters, 4_150_000, 4_300_000);
    }

    [Fact]
    public void Costs_about_1_15_GFLOPs_like_the_papers_Table_2()
    {
        // 569 M multiply-accumulates (Howard et al. 2017) = 1.14 GFLOPs; the paper lists 1.15.
        var gflops = 2.0 * ShapeInference.CountMultiplyAccumulates(MobileNetV1.Build(ModelZoo.DefaultSeed)) / 1e9;
        Assert.InRange(gflops, 1.10, 1.18);
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_bytes()
    {
        Assert.Equal(Bytes(MobileNetV1.Build(7)), Bytes(MobileNetV1.Build(7)));
        Assert.NotEqual(Bytes(MobileNetV1.Build(7)), Bytes(MobileNetV1.Build(8)));
    }

    [Fact]
    public void Unknown_zoo_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelZoo.Build("resnet_9000"));
        Assert.Contains("mobilenet_v1", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(ModelGraph graph)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(graph, stream);
        return stream.ToArray();
    }
}

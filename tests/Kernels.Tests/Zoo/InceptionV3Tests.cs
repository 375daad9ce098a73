using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Zoo;

public class InceptionV3Tests
{
    private static readonly ModelGraph Graph = InceptionV3.Build(ModelZoo.DefaultSeed);

    [Fact]
    public void Has_the_papers_shapes()
    {
        var shapes = ShapeInference.Infer(Graph);

        Assert.Equal([1, 299, 299, 3], Graph.Inputs.Single().Shape);
        Assert.Equal([1, 1001], shapes[Graph.Outputs.Single()]);
        Assert.Equal([1, 35, 35, 288], shapes["Mixed_5d"]);
        Assert.Equal([1, 17, 17, 768], shapes["Mixed_6e"]);
        Assert.Equal([1, 8, 8, 2048], shapes["Mixed_7c"]);
    }

    [Fact]
    public void Has_about_23_8_million_parameters_within_10_percent_of_the_papers_97_MB()
    {
        // Keras' InceptionV3 has 23.85 M with 1000 classes; batch norm here also keeps γ (+17 k) and one more class.
        var parameters = Graph.ParameterCount;
        Assert.InRange(parameters, 23_800_000, 23_950_000);
        Assert.InRange(parameters * 4 / 1e6, 97 * 0.9, 97 * 1.1);
    }

    [Fact]
    public void Costs_about_11_5_GFLOPs_like_the_papers_Table_2()
    {
        // 5.71 G multiply-accumulates (Keras' InceptionV3 at 299×299) = 11.4 GFLOPs; the paper lists 11.5.
        var gflops = 2.0 * ShapeInference.CountMultiplyAccumulates(Graph) / 1e9;
        Assert.InRange(gflops, 11.2, 11.6);
    }
}

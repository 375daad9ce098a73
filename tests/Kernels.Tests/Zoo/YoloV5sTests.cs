using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Zoo;

public class YoloV5sTests
{
    private static readonly ModelGraph Graph = YoloV5s.Build(ModelZoo.DefaultSeed);

    [Fact]
    public void Has_the_papers_shapes()
    {
        var shapes = ShapeInference.Infer(Graph);

        Assert.Equal([1, 640, 640, 3], Graph.Inputs.Single().Shape);
        Assert.Equal([1, 25200, 85], shapes[Graph.Outputs.Single()]);
        Assert.Equal([1, 80, 80, 128], shapes["model.17.cv3/silu"]);
        Assert.Equal([1, 40, 40, 256], shapes["model.20.cv3/silu"]);
        Assert.Equal([1, 20, 20, 512], shapes["model.23.cv3/silu"]);
    }

    [Fact]
    public void Has_about_7_2_million_parameters_within_10_percent_of_the_papers_28_MB()
    {
        // Ultralytics' YOLOv5s has 7,225,885 parameters; batch norm here also counts its running statistics (+2 per channel).
        var parameters = Graph.ParameterCount;
        Assert.InRange(parameters, 7_200_000, 7_260_000);
        Assert.InRange(parameters * 4 / 1e6, 28 * 0.9, 28 * 1.1);
    }

    [Fact]
    public void Costs_about_16_5_GFLOPs_like_the_papers_Table_2()
    {
        // Ultralytics reports 16.5 GFLOPs (2 × multiply-accumulates) at 640×640, the figure the paper lists.
        var gflops = 2.0 * ShapeInference.CountMultiplyAccumulates(Graph) / 1e9;
        Assert.InRange(gflops, 16.2, 16.7);
    }

    [Fact]
    public void The_zoo_builds_it_by_its_paper_id()
    {
        Assert.Contains(YoloV5s.Name, ModelZoo.Names);
        Assert.Equal("yolo_v5", YoloV5s.Name);
        Assert.Equal("output0", ModelZoo.Build("yolo_v5", 3).Outputs.Single());
    }
}

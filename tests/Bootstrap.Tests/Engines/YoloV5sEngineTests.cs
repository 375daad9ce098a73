using Toolkit.Kernels;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>YOLOv5s on our kernels at every tier against ONNX Runtime, compared over the whole [1,25200,85] output.</summary>
public sealed class YoloV5sEngineTests(YoloV5sEngineTests.Reference reference) : IClassFixture<YoloV5sEngineTests.Reference>
{
    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Matches_onnxruntime_on_every_tier(Isa isa)
    {
        var actual = EngineComparison.RunKernels(reference.Graph, reference.Inputs, isa);

        // The whole output within 1e-3 of its largest value (a box size in pixels), and, since that bound is loose for
        // values below 1, the objectness and class scores within 1e-3 of theirs.
        var difference = TensorComparison.RelativeDifference(actual, reference.Expected);
        Assert.True(difference <= 1e-3, $"{isa}: rel diff {difference}");
        var scores = TensorComparison.RelativeDifference(Scores(actual), Scores(reference.Expected));
        Assert.True(scores <= 1e-3, $"{isa}: scores rel diff {scores}");
        Assert.Equal(TensorComparison.ArgMax(Scores(reference.Expected)), TensorComparison.ArgMax(Scores(actual)));
    }

    [Fact]
    public void Two_threads_give_the_same_bits_as_one()
    {
        var one = EngineComparison.RunKernels(reference.Graph, reference.Inputs, Isa.Best, threads: 1);
        var two = EngineComparison.RunKernels(reference.Graph, reference.Inputs, Isa.Best, threads: 2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Boxes_lie_on_their_grid_cells_and_scores_are_probabilities()
    {
        var rows = reference.Expected;
        Assert.Equal(25200 * 85, rows.Length);

        // Row 0 is anchor 0 of cell (0, 0) on the stride-8 grid: its centre is within 1.5 cells of the cell's.
        Assert.InRange(rows[0], -0.5f * 8, 1.5f * 8);
        Assert.InRange(rows[1], -0.5f * 8, 1.5f * 8);
        Assert.All(Scores(rows), s => Assert.InRange(s, 0f, 1f));
        // The scores must not be saturated, or the comparison above would be trivially exact. Seeded weights give
        // logits near Ultralytics' priors (σ ≈ 0.001 objectness, 0.0075 class), spread over about [0.001, 0.02].
        var scores = Scores(rows);
        var distinct = scores.Select(s => MathF.Round(s, 5)).Distinct().Count();
        Assert.True(distinct > 1000, $"only {distinct} distinct score values");
        Assert.True(scores.Max() - scores.Min() > 0.01, $"scores span only [{scores.Min()}, {scores.Max()}]");
    }

    /// <summary>Columns 4–84 of every row: objectness and the 80 class scores.</summary>
    private static float[] Scores(float[] rows) =>
        [.. Enumerable.Range(0, rows.Length / YoloV5s.RowLength).SelectMany(r => rows.AsSpan(r * YoloV5s.RowLength + 4, YoloV5s.RowLength - 4).ToArray())];

    public sealed class Reference() : ZooModelReference(YoloV5s.Name);
}

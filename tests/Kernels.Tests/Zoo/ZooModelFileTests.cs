using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Zoo;

/// <summary>Every zoo model survives the model file (its attributes, such as Detect's anchors, included).</summary>
public class ZooModelFileTests
{
    /// <summary>The zoo but BERT, whose 440 MB would be written twice packed; BertBaseTests checks its tiny form instead.</summary>
    public static TheoryData<string> Models => [.. ModelZoo.Names.Where(n => n != BertBase.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void The_optimized_model_written_packed_and_mapped_back_gives_the_same_output(string model)
    {
        var graph = GraphOptimizer.Optimize(ModelZoo.Build(model, 5));
        var path = Path.Combine(Path.GetTempPath(), $"toolkit-{Guid.NewGuid():N}{ModelFile.Extension}");
        try
        {
            ModelFile.Write(graph, path, Isa.Avx2, Isa.Avx512);
            Assert.Equal(graph.Nodes.Select(n => n.ToString()), ModelFile.Read(path).Nodes.Select(n => n.ToString()));

            var tier = IsaSupport.Resolve(Isa.Best);
            using var built = KernelsEngine.Create(graph, tier);
            using var mapped = KernelsEngine.Open(path, tier);
            var inputs = SeededInputs.For(built.Inputs, 2);
            Assert.Equal(EngineRuns.FirstOutput(built, inputs), EngineRuns.FirstOutput(mapped, inputs));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

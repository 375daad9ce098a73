using Toolkit.Bootstrap.Tests.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// Zoo models exported with <see cref="OnnxExporter"/> and imported back: the import must give the graph the zoo
/// graph becomes once optimized, node for node, and so the same bits on every tier. The exporter's NCHW transposes
/// turn back into layouts at import, and its unfused batch norms and activations fold as the optimizer folds the zoo's.
/// </summary>
public sealed class OnnxImportRoundTripTests(OnnxImportRoundTripTests.Models models) : IClassFixture<OnnxImportRoundTripTests.Models>
{
    public static TheoryData<string, Isa> Cases
    {
        get
        {
            var data = new TheoryData<string, Isa>();
            foreach (var model in new[] { MobileNetV1.Name, InceptionV3.Name })
            {
                foreach (var isa in IsaSupport.Available)
                {
                    data.Add(model, isa);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_exported_and_imported_zoo_model_gives_the_same_bits(string name, Isa isa)
    {
        var (zoo, imported) = models.Pair(name);
        var inputs = SeededInputs.For(zoo.Inputs, 11);

        Assert.Equal(EngineComparison.RunKernels(zoo, inputs, isa), EngineComparison.RunKernels(imported, inputs, isa));
    }

    /// <summary>
    /// The same nodes (names survive the round trip: the exporter names each ONNX node after our node) with the same
    /// attributes, and the same arena. The order is compared apart: see the next test.
    /// </summary>
    [Theory]
    [InlineData(MobileNetV1.Name)]
    [InlineData(InceptionV3.Name)]
    public void The_import_is_the_optimized_zoo_graph_node_for_node(string name)
    {
        var (zoo, imported) = models.Pair(name);

        Assert.Equal(zoo.Inputs.Select(i => i.ToString()), imported.Inputs.Select(i => i.ToString()));
        Assert.Equal(zoo.Outputs, imported.Outputs);
        Assert.Equal(zoo.Nodes.Select(Describe).Order(StringComparer.Ordinal), imported.Nodes.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal(zoo.ParameterCount, imported.ParameterCount);
        using var zooEngine = KernelsEngine.Create(zoo);
        using var importedEngine = KernelsEngine.Create(imported);
        Assert.Equal(zooEngine.ArenaBytes, importedEngine.ArenaBytes);
    }

    /// <summary>A file already in execution order keeps it: the order decides which values are alive together.</summary>
    [Theory]
    [InlineData(MobileNetV1.Name)]
    [InlineData(InceptionV3.Name)]
    public void A_sorted_file_keeps_its_node_order(string name)
    {
        var (zoo, imported) = models.Pair(name);

        Assert.Equal(zoo.Nodes.Select(n => n.Name), imported.Nodes.Select(n => n.Name));
    }

    /// <summary>
    /// BERT's attention (one Q|K|V dense layer and a Split) and YOLO's detect heads (sigmoid, Split, grid and anchor
    /// arithmetic), as our exporter writes them, come back as our fused operations, and run bit-identically: BERT on
    /// every tier, YOLOv5 (640×640) on the widest.
    /// </summary>
    [Theory]
    [InlineData("bert_tiny")]
    [InlineData(YoloV5s.Name)]
    public void Bert_and_yolo_exports_import_as_the_optimized_zoo_graph(string name)
    {
        var zoo = name == "bert_tiny" ? BertBase.Build(BertConfig.Tiny, 7) : ModelZoo.Build(name);
        var imported = Serialization.Onnx.Import.OnnxImporter.Import(OnnxExporter.Export(zoo), $"{name}.onnx");
        var optimized = GraphOptimizer.Optimize(zoo);

        // Fused nodes take the name of a node of their pattern, so only what they compute is compared.
        Assert.Equal(optimized.Nodes.Select(n => $"{n.OpType} {{{n.Attributes}}}").Order(StringComparer.Ordinal), imported.Nodes.Select(n => $"{n.OpType} {{{n.Attributes}}}").Order(StringComparer.Ordinal));
        var inputs = SeededInputs.For(zoo.Inputs, 11);
        foreach (var isa in name == "bert_tiny" ? IsaSupport.Available : [IsaSupport.Widest])
        {
            Assert.Equal(EngineComparison.RunKernels(optimized, inputs, isa), EngineComparison.RunKernels(imported, inputs, isa));
        }
    }

    /// <summary>
    /// A node by its name, what it computes and its attributes (value names differ: the importer renames weights). The
    /// importer writes AveragePool's count_include_pad even at its default 0, which the zoo leaves out.
    /// </summary>
    private static string Describe(Node node)
    {
        var attributes = new NodeAttributes();
        foreach (var (key, value) in node.Attributes.Where(a => a is not { Key: "count_include_pad", Value: 0 }))
        {
            attributes.Add(key, value);
        }

        return $"{node.Name} = {node.OpType} {{{attributes}}}";
    }

    /// <summary>Each round-tripped model built, optimized, exported and imported once for the class.</summary>
    public sealed class Models
    {
        private readonly Dictionary<string, (ModelGraph Zoo, ModelGraph Imported)> pairs = new(StringComparer.Ordinal);

        public (ModelGraph Zoo, ModelGraph Imported) Pair(string name)
        {
            lock (pairs)
            {
                if (!pairs.TryGetValue(name, out var pair))
                {
                    var zoo = ModelZoo.Build(name);
                    pair = (GraphOptimizer.Optimize(zoo), Serialization.Onnx.Import.OnnxImporter.Import(OnnxExporter.Export(zoo), $"{name}.onnx"));
                    pairs[name] = pair;
                }

                return pair;
            }
        }
    }
}

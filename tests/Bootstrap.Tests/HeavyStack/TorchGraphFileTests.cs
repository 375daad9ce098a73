using System.Text.Json;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bootstrap.Tests.Report;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.HeavyStack;

/// <summary>The file the Python engine reads: its manifest line, and every weight's bytes where the manifest says.</summary>
public sealed class TorchGraphFileTests
{
    private static readonly int[] Kernel = [3, 3], Strides = [1, 1], Pads = [1, 1, 1, 1], FlatShape = [16, 5];

    [Fact]
    public void Every_weight_lies_aligned_where_the_manifest_says_in_the_graphs_layout()
    {
        var builder = new GraphBuilder("small");
        var x = builder.Input("x", DataType.Float32, 1, 4, 4, 3);
        var weights = Tensor.From<float>([.. Enumerable.Range(0, 3 * 3 * 3 * 5).Select(i => i * 0.5f)], 3, 3, 3, 5);
        var conv = builder.Add(OpTypes.Conv2d, [x, builder.Initializer("w", weights)], new NodeAttributes
        {
            { "kernel", Kernel }, { "strides", Strides }, { "pads", Pads }, { "activation", nameof(Activation.Relu6) },
        }, "conv");
        var beta = Tensor.From<float>([1f, 2f, 3f, 4f, 5f], 5);
        builder.Add(OpTypes.LayerNorm, [builder.Add(OpTypes.Reshape, [conv], new NodeAttributes { { "shape", FlatShape } }, "flat"), builder.Initializer("gamma", Tensor.From<float>([.. Enumerable.Repeat(1f, 5)], 5)), builder.Initializer("beta", beta)],
            new NodeAttributes { { "epsilon", 1e-12f } }, "norm");
        var graph = builder.Build("norm");
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "small" + TorchGraphFile.Extension);

        TorchGraphFile.Write(graph, path);

        var bytes = File.ReadAllBytes(path);
        var dataStart = Array.IndexOf(bytes, (byte)'\n') + 1;
        Assert.Equal(0, dataStart % TorchGraphFile.AlignmentBytes);
        using var manifest = JsonDocument.Parse(bytes.AsMemory(0, dataStart));
        var root = manifest.RootElement;
        Assert.Equal(bytes.Length - dataStart, root.GetProperty("weight_bytes").GetInt64());
        foreach (var entry in root.GetProperty("weights").EnumerateArray())
        {
            var weight = graph.Initializers[entry.GetProperty("name").GetString()!];
            var offset = entry.GetProperty("offset").GetInt32();
            Assert.Equal(0, offset % TorchGraphFile.AlignmentBytes);
            Assert.Equal(weight.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal("FP32", entry.GetProperty("datatype").GetString());
            Assert.Equal(weight.Data, bytes.AsSpan(dataStart + offset, weight.Data.Length).ToArray());
        }

        var convNode = root.GetProperty("nodes")[0];
        Assert.Equal("Conv2d", convNode.GetProperty("op").GetString());
        Assert.Equal([1, 4, 4, 5], convNode.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("Relu6", convNode.GetProperty("attributes").GetProperty("activation").GetString());
        Assert.Equal(1e-12f, root.GetProperty("nodes")[2].GetProperty("attributes").GetProperty("epsilon").GetSingle());
        Assert.Equal([16, 5], root.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }
}

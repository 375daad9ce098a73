using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Hosts.Infrastructure;

/// <summary>A two-layer classifier written to a .tkm in its own model directory: fast to load, a real graph.</summary>
public sealed class TinyModel : IDisposable
{
    public const string Name = "tiny";
    public const int Features = 8;
    public const int Classes = 5;

    public TinyModel()
    {
        Directory = Path.Combine(Path.GetTempPath(), "toolkit-hosts-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var graph = new GraphBuilder(Name);
        var layers = new LayerBuilder(graph, new SeededRandom(11));
        var x = graph.Input("x", DataType.Float32, 1, Features);
        var hidden = layers.Dense(x, Features, 16, Activation.Relu, "hidden");
        var logits = layers.Dense(hidden, 16, Classes, Activation.None, "logits");
        graph.Add(OpTypes.Softmax, [logits], nodeName: "y");
        Graph = graph.Build("y");
        ModelFile.Write(Graph, Path.Combine(Directory, Name + ModelFile.Extension));
    }

    public string Directory { get; }

    public ModelGraph Graph { get; }

    public static Tensor Input(int seed)
    {
        var values = new float[Features];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((i * 7) + (seed * 13)) % 17 / 17f - 0.4f;
        }

        return Tensor.From<float>(values, 1, Features);
    }

    /// <summary>The engine's own answer for the same input, to compare every host's response with.</summary>
    public float[] Expected(Tensor input)
    {
        using var engine = KernelsEngine.Create(Graph);
        var output = Tensor.Zeros(DataType.Float32, engine.Outputs[0].Shape);
        engine.Run([input], [output]);
        return output.AsSpan<float>().ToArray();
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

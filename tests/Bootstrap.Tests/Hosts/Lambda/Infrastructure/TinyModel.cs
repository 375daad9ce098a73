using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;

/// <summary>
/// A three-layer model written once to a temporary model directory as <c>tiny.tkm</c>: the host tests exercise the
/// Runtime API contract, not MobileNet, and a model that loads in milliseconds keeps them fast.
/// </summary>
internal static class TinyModel
{
    public const string Name = "tiny";
    public const string InputName = "x";
    public const int Features = 16;

    private static readonly Lazy<string> DirectoryPath = new(Write);

    public static string ModelDirectory => DirectoryPath.Value;

    public static Dictionary<string, string> Environment(string runtimeApi, string model = Name + ModelFile.Extension) => new(StringComparer.Ordinal)
    {
        ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
        ["TOOLKIT_MODEL"] = model,
        ["TOOLKIT_MODEL_DIR"] = ModelDirectory,
    };

    public static BootstrapOptions Options(string runtimeApi, string model = Name + ModelFile.Extension) =>
        BootstrapOptions.From([], new DictionaryEnvironment(Environment(runtimeApi, model)));

    public static InferenceMessage Request(ulong seed = 7)
    {
        var random = new SeededRandom(seed);
        var tensor = Tensor.Zeros(DataType.Float32, 1, Features);
        var values = tensor.AsSpan<float>();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextInt(256) / 255f;
        }

        return new InferenceMessage(Name, [new NamedTensor(InputName, tensor)]);
    }

    /// <summary>The engine's own answer to <paramref name="request"/>, outside any host.</summary>
    public static byte[] ExpectedOutput(InferenceMessage request)
    {
        using var service = ModelLoader.Load(Options("unused:1"), new ColdStartTimeline());
        return service.InferAsync(request).GetAwaiter().GetResult().Tensors.Single().Tensor.Data;
    }

    private static string Write()
    {
        var graph = new GraphBuilder(Name);
        var layers = new LayerBuilder(graph, new SeededRandom(11));
        var x = graph.Input(InputName, DataType.Float32, 1, Features);
        var hidden = layers.Dense(x, Features, 8, Activation.Relu, "hidden");
        var logits = layers.Dense(hidden, 8, 4, Activation.None, "logits");
        graph.Add(OpTypes.Softmax, [logits], nodeName: "y");
        // One shared folder (not one per run, which would pile up in /tmp); the model is seeded, so every run writes the
        // same bytes, and the write goes through a private file and an atomic rename so concurrent runs never see half a file.
        var directory = Path.Combine(Path.GetTempPath(), "toolkit-lambda-tests");
        System.IO.Directory.CreateDirectory(directory);
        var staging = Path.Combine(directory, $"{Name}.{System.Environment.ProcessId}.tmp");
        ModelFile.Write(graph.Build("y"), staging);
        File.Move(staging, Path.Combine(directory, Name + ModelFile.Extension), overwrite: true);
        return directory;
    }
}

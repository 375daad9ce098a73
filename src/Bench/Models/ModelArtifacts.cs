using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bench.Models;

/// <summary>
/// The zoo's models as files, built once per seed and cached under <c>artifacts/models</c> beside the working
/// directory: the toolkit format (<c>.tkm</c>) for our engine and <c>.onnx</c> for ONNX Runtime.
/// </summary>
public static class ModelArtifacts
{
    public static string Directory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "models");

    public static ModelGraph Graph(string model, ulong seed = ModelZoo.DefaultSeed) => ModelFile.Read(ToolkitPath(model, seed));

    public static string ToolkitPath(string model, ulong seed = ModelZoo.DefaultSeed) =>
        Cached($"{model}-{seed}{ModelFile.Extension}", path => ModelFile.Write(ModelZoo.Build(model, seed), path));

    public static string OnnxPath(string model, ulong seed = ModelZoo.DefaultSeed) =>
        Cached($"{model}-{seed}.onnx", path => OnnxExporter.Write(ModelFile.Read(ToolkitPath(model, seed)), path));

    private static string Cached(string fileName, Action<string> write)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
        {
            // Write beside, then rename: a run killed half-way never leaves a truncated model behind.
            var partial = path + ".partial";
            write(partial);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }
}

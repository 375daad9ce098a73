using System.CommandLine;
using Toolkit.Bench.Models;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>model export NAME --out DIR [--seed N] [--pack avx2 avx512] [--onnx]</c>: writes a zoo model as <c>DIR/NAME.tkm</c> (and
/// <c>DIR/NAME.onnx</c>), the names the bootstrap looks for beside itself. The images and the Lambda zip ship these files,
/// so that a cold start maps the weights instead of building them from the seed. The <c>.tkm</c> is the shipped form
/// <see cref="ModelArtifacts"/> writes: optimized, with GEMM weights packed for <see cref="ModelArtifacts.ShippedTiers"/>
/// unless <c>--pack</c> names fewer: an x86-64-v3 binary never runs the AVX-512 panels, and each tier's copy of the
/// weights is as large as the model, so an image for one build ships one. <c>model import</c> (<see cref="ModelImport"/>)
/// writes the same form from an ONNX file.
/// </summary>
public static class ModelCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Zoo model ({string.Join(", ", ModelZoo.Names)})." };
        var output = new Option<string>("--out") { Description = "Directory to write into (created when missing).", DefaultValueFactory = _ => "." };
        var seed = new Option<ulong>("--seed") { Description = "Weight seed; the bootstrap and the tests use the default.", DefaultValueFactory = _ => ModelZoo.DefaultSeed };
        var pack = new Option<string[]>("--pack")
        {
            Description = "ISA tiers to store GEMM weights packed for (scalar, vector128, avx2, avx512).",
            DefaultValueFactory = _ => [.. ModelArtifacts.ShippedTiers.Select(IsaSupport.Name)],
            AllowMultipleArgumentsPerToken = true,
        };
        var onnx = new Option<bool>("--onnx") { Description = "Also write NAME.onnx for TOOLKIT_ENGINE=onnxruntime." };
        var export = new Command("export", "Write a zoo model as NAME.tkm (and NAME.onnx) for the bootstrap.") { name, output, seed, pack, onnx };
        export.SetAction(parse => Export(parse.GetValue(name)!, parse.GetValue(output)!, parse.GetValue(seed), [.. parse.GetValue(pack)!.Select(IsaSupport.Parse)], parse.GetValue(onnx)));
        var import = ImportCommand(pack);
        return new Command("model", "Model files for the bootstrap.") { export, import };
    }

    private static Command ImportCommand(Option<string[]> pack)
    {
        var model = new Argument<string>("model") { Description = $"An ONNX file, or a pretrained model from its NuGet package ({string.Join(", ", Pretrained.PretrainedModels.Names)})." };
        var output = new Option<string>("--out") { Description = "Directory to write NAME.tkm into (created when missing).", DefaultValueFactory = _ => "." };
        var dims = new Option<string[]>("--dim")
        {
            Description = "A value for a symbolic input dimension, NAME=N (e.g. --dim batch=1 --dim sequence=128); our plans have fixed shapes.",
            DefaultValueFactory = _ => [],
            AllowMultipleArgumentsPerToken = true,
        };
        var name = new Option<string?>("--name") { Description = "The served model name (default: the file name, or the pretrained name)." };
        var import = new Command("import", "Import an ONNX model into our engine as NAME.tkm; print its signature, parameters and GFLOPs.") { model, output, dims, name, pack };
        import.SetAction(parse => ModelImport.Run(parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(dims)!, parse.GetValue(name), [.. parse.GetValue(pack)!.Select(IsaSupport.Parse)]));
        return import;
    }

    /// <exception cref="ArgumentException">A <c>--pack</c> name is not a tier (from <see cref="IsaSupport.Parse"/>).</exception>
    public static int Export(string name, string directory, ulong seed, IReadOnlyList<Isa> packFor, bool onnx)
    {
        if (!ModelZoo.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"model export: NAME must be one of {string.Join(", ", ModelZoo.Names)}; received '{name}'.");
            return 2;
        }

        Directory.CreateDirectory(directory);
        var graph = ModelZoo.Build(name, seed);
        var shipped = GraphOptimizer.Optimize(graph);
        var written = new List<string> { WriteAtomically(Path.Combine(directory, name + ModelFile.Extension), path => ModelFile.Write(shipped, path, [.. packFor])) };
        if (onnx)
        {
            written.Add(WriteAtomically(Path.Combine(directory, name + ".onnx"), path => OnnxExporter.Write(graph, path)));
        }

        foreach (var path in written)
        {
            Console.WriteLine($"{path}\t{new FileInfo(path).Length} bytes");
        }

        return 0;
    }

    // A run killed half-way must not leave a truncated model where the bootstrap would load it.
    private static string WriteAtomically(string path, Action<string> write)
    {
        var partial = path + ".partial";
        write(partial);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}

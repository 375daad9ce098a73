using System.Globalization;
using Toolkit.Bench.Pretrained;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>model import PATH.onnx|resnet18|minilm [--out DIR] [--dim NAME=N ...] [--name NAME] [--pack TIERS]</c>: imports an
/// ONNX model into our engine's form and writes <c>DIR/NAME.tkm</c>, which the bootstrap maps and serves like a zoo model
/// (<c>TOOLKIT_MODEL=NAME</c>). It prints the signature (inputs and outputs with types and shapes), the parameter count and
/// the GFLOPs of one inference. A file that cannot be imported prints every problem and exits 1; nothing is written.
/// </summary>
public static class ModelImport
{
    public static int Run(string model, string directory, IReadOnlyList<string> dimensions, string? name, IReadOnlyList<Isa> packFor)
    {
        Dictionary<string, int> dims;
        try
        {
            dims = ParseDimensions(dimensions);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"model import: {e.Message}");
            return 2;
        }

        var pretrained = PretrainedModels.IsPretrained(model) && !File.Exists(model);
        ModelGraph graph;
        string source;
        try
        {
            source = pretrained ? PretrainedModels.OnnxPath(model) : model;
            foreach (var (key, value) in pretrained ? PretrainedModels.Dimensions(model) : new Dictionary<string, int>())
            {
                dims.TryAdd(key, value);
            }

            name ??= pretrained ? model.ToLowerInvariant() : Path.GetFileNameWithoutExtension(model);
            graph = OnnxImporter.Import(source, new OnnxImportOptions { Dimensions = dims, Name = name });
        }
        catch (Exception e) when (e is OnnxImportException or FileNotFoundException)
        {
            Console.Error.WriteLine($"model import: {e.Message}");
            return 1;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ModelFile.Extension);
        var partial = path + ".partial";
        ModelFile.Write(graph, partial, [.. packFor]);
        File.Move(partial, path, overwrite: true);
        Console.WriteLine(Describe(graph, source));
        Console.WriteLine($"{path}\t{new FileInfo(path).Length} bytes");
        return 0;
    }

    /// <summary>The signature, size and cost of an imported graph, as <c>model import</c> prints them.</summary>
    public static string Describe(ModelGraph graph, string source)
    {
        var (shapes, types) = (ShapeInference.Infer(graph), ShapeInference.InferDataTypes(graph));
        var gflops = 2.0 * ShapeInference.CountMultiplyAccumulates(graph) / 1e9;
        var lines = new List<string> { $"{graph.Name}: imported from {source}" };
        lines.AddRange(graph.Inputs.Select(i => $"  input  {i.Name,-24} {i.DataType.KServeName(),-5} [{string.Join(',', i.Shape)}]"));
        lines.AddRange(graph.Outputs.Select(o => $"  output {o,-24} {types[o].KServeName(),-5} [{string.Join(',', shapes[o])}]"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {graph.ParameterCount:N0} parameters ({graph.WeightBytes / 1e6:F1} MB), {gflops:F2} GFLOPs per inference, {graph.Nodes.Count} operations: {string.Join(", ", graph.Nodes.GroupBy(n => n.OpType).Select(g => $"{g.Key} ×{g.Count()}"))}"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <exception cref="FormatException">An entry is not NAME=N with N a positive integer.</exception>
    public static Dictionary<string, int> ParseDimensions(IEnumerable<string> entries)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!OnnxImportOptions.TryParseDimension(entry, out var dimension, out var value))
            {
                throw new FormatException($"--dim takes NAME=N with N a positive integer (e.g. --dim sequence=128); received '{entry}'.");
            }

            result[dimension] = value;
        }

        return result;
    }
}

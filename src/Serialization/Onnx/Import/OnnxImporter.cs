using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// Imports an ONNX model as one of our graphs, which the kernels engine runs and <see cref="ModelFile"/> packs:
/// read and checked (<see cref="OnnxModelReader"/>), shapes inferred and shape arithmetic folded to constants
/// (<see cref="OnnxInference"/>), runs of nodes fused into our operations (dense layers with their bias, layer norms,
/// GELU, SiLU, attention, embeddings), lowered with images channels-last (<see cref="OnnxLowering"/>), and optimized as a zoo
/// model is (batch norms folded into convolutions, activations into epilogues). A file the importer cannot take whole
/// raises one <see cref="OnnxImportException"/> listing every problem; nothing is half-imported.
/// </summary>
public static class OnnxImporter
{
    /// <exception cref="OnnxImportException">The file is unreadable or uses what the importer does not support.</exception>
    public static ModelGraph Import(string path, OnnxImportOptions? options = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException($"cannot read ONNX file '{path}': {e.Message}", e);
        }

        return Import(bytes, path, options);
    }

    /// <summary>The constants (initializers and Constant nodes) of an ONNX file by name, such as a preprocessing graph's mean image.</summary>
    /// <exception cref="OnnxImportException">The file is unreadable.</exception>
    public static IReadOnlyDictionary<string, Tensor> Constants(string path, OnnxImportOptions? options = null) =>
        OnnxModelReader.Read(File.ReadAllBytes(path), path, options ?? new OnnxImportOptions()).Constants;

    /// <param name="bytes">The ONNX file's contents.</param>
    /// <param name="source">How errors name the file.</param>
    /// <param name="options">Dimension values and the model's name.</param>
    public static ModelGraph Import(ReadOnlySpan<byte> bytes, string source, OnnxImportOptions? options = null)
    {
        options ??= new OnnxImportOptions();
        var read = OnnxModelReader.Read(bytes, source, options);
        var (folded, values) = OnnxInference.Run(read, source);
        var fusion = new FusionGraph(folded, values);
        DenseFusion.Run(fusion);
        LayerNormFusion.Run(fusion);
        GeluFusion.Run(fusion);
        SiluFusion.Run(fusion);
        YoloDetectFusion.Run(fusion);
        AttentionFusion.Run(fusion);
        EmbeddingFusion.Run(fusion);
        var graph = OnnxLowering.Lower(fusion.Finish(), fusion.Values, source);
        try
        {
            ShapeInference.Infer(graph);
        }
        catch (GraphException e)
        {
            throw new OnnxImportException(source, [new OnnxProblem("imported graph", e.Message)]);
        }

        return GraphOptimizer.Optimize(graph);
    }
}

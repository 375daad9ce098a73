using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// The peer row of <c>kernels</c>: ONNX Runtime's MatMul, single thread, on the same shape. B is a constant
/// initializer, so ONNX Runtime pre-packs it at session creation just as our timer pre-packs its B. The time includes
/// ONNX Runtime's per-call binding (a few microseconds), which matters only for the smallest shapes. ONNX Runtime
/// with one intra-op thread runs on the calling thread, so the same thread clock times it.
/// </summary>
public static class OnnxRuntimeMatMul
{
    public static GemmContestant Contestant(GemmShape shape)
    {
        var graph = new GraphBuilder("matmul");
        var a = graph.Input("a", DataType.Float32, shape.M, shape.K);
        var weights = Tensor.Zeros(DataType.Float32, shape.K, shape.N);
        new SeededRandom(2).Fill(weights.AsSpan<float>(), -1, 1);
        graph.Add(OpTypes.Dense, [a, graph.Initializer("b", weights)], nodeName: "c");

        var engine = OnnxRuntimeEngine.Open(OnnxExporter.Export(graph.Build("c")), threads: 1);
        var input = Tensor.Zeros(DataType.Float32, shape.M, shape.K);
        new SeededRandom(1).Fill(input.AsSpan<float>(), -1, 1);
        Tensor[] inputs = [input];
        Tensor[] outputs = [Tensor.Zeros(DataType.Float32, shape.M, shape.N)];
        return new GemmContestant("sgemm", "onnxruntime", null, () => engine.Run(inputs, outputs), engine);
    }
}

using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Engines;

/// <summary>
/// One loaded model ready to run. Our kernels and ONNX Runtime both implement it, so hosts and benchmarks can swap
/// engines. The caller owns the output tensors, which lets a warm loop run without allocating.
/// </summary>
public interface IInferenceEngine : IDisposable
{
    /// <summary>A short name for reports: <c>kernels</c>, <c>onnxruntime</c>, ...</summary>
    string Name { get; }

    /// <summary>Inputs, in the order <see cref="Run"/> takes them.</summary>
    IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>Outputs, in the order <see cref="Run"/> fills them.</summary>
    IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Runs one inference, writing into <paramref name="outputs"/>.</summary>
    /// <exception cref="ArgumentException">An input or output does not match its spec; the message names it.</exception>
    void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs);
}

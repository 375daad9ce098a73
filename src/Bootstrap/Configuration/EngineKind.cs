namespace Toolkit.Bootstrap.Configuration;

/// <summary>Which engine runs the model.</summary>
public enum EngineKind
{
    /// <summary>The toolkit's own SIMD kernels (the default).</summary>
    Kernels,

    /// <summary>ONNX Runtime.</summary>
    OnnxRuntime,

    /// <summary>No computation: a paper model's correctly shaped, fixed output, for measuring the wire alone.</summary>
    TransportOnly,
}

namespace Toolkit.Kernels;

/// <summary>An activation applied element-wise, either on its own or fused into a convolution or GEMM epilogue.</summary>
public enum Activation
{
    None = 0,
    Relu,
    /// <summary>min(max(x, 0), 6), as in MobileNet.</summary>
    Relu6,
    /// <summary>x · sigmoid(x), as in YOLOv5.</summary>
    Silu,
    /// <summary>The exact (erf) GELU, as in BERT.</summary>
    Gelu,

    /// <summary>1 / (1 + e^−x), as in gates and squeeze-and-excitation blocks.</summary>
    Sigmoid,
}

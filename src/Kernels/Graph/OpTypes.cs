namespace Toolkit.Kernels.Graph;

/// <summary>
/// The operation names a graph may use. Layouts are NHWC for images, weights of convolutions are HWIO
/// ([KH, KW, Cin / group, Cout]) and dense weights are [K, N].
/// </summary>
public static class OpTypes
{
    /// <summary>2-D convolution: inputs x, W (HWIO), optional B; attributes kernel [kh,kw], strides [sh,sw],
    /// pads [top,left,bottom,right], group, optional activation.</summary>
    public const string Conv2d = "Conv2d";

    /// <summary>Inference batch normalization over the last axis: inputs x, scale, bias, mean, variance; attribute epsilon.</summary>
    public const string BatchNorm = "BatchNorm";

    /// <summary>An element-wise activation: attribute activation (an <see cref="Kernels.Activation"/> name).</summary>
    public const string Activation = "Activation";

    /// <summary>Mean over H and W of NHWC: [N,H,W,C] → [N,1,1,C].</summary>
    public const string GlobalAveragePool = "GlobalAveragePool";

    /// <summary>Same elements, new shape: attribute shape (one entry may be -1).</summary>
    public const string Reshape = "Reshape";

    /// <summary>x[M,K] · W[K,N] + optional B[N], then optional activation.</summary>
    public const string Dense = "Dense";

    /// <summary>Softmax over the last axis.</summary>
    public const string Softmax = "Softmax";
}

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// The op types fusions write into the ONNX graph being imported: each stands for a run of ONNX nodes that our kernels
/// run as one operation. Their inputs keep ONNX semantics; <see cref="OnnxLowering"/> maps each to our graph.
/// </summary>
internal static class FusedOps
{
    /// <summary>x[..., K] · W[K, N] (+ b[N]): a MatMul with a constant right side, and the bias Add after it.</summary>
    public const string Dense = "toolkit.Dense";

    /// <summary>Layer normalization over the last axis (x, gamma, beta; attribute epsilon), from its decomposed form.</summary>
    public const string LayerNorm = "toolkit.LayerNorm";

    /// <summary>SiLU (swish), x · sigmoid(x), as YOLOv5 and EfficientNet export it.</summary>
    public const string Silu = "toolkit.Silu";

    /// <summary>The exact GELU, x · ½ · (1 + erf(x / √2)), from its decomposed form.</summary>
    public const string Gelu = "toolkit.Gelu";

    /// <summary>BERT self-attention (qkv [N,S,3H], mask [N,S]; attribute heads), from Q/K/V reshapes, transposes, the scaled, masked softmax and the context MatMul.</summary>
    public const string Attention = "toolkit.Attention";

    /// <summary>BERT's embedding sum word[ids] + position[s] + segment[segment ids] (ids, segment ids, word, position, segment tables).</summary>
    public const string Embedding = "toolkit.Embedding";

    /// <summary>YOLOv5's box decode ([N, A·K, H, W] NCHW → [N, A·H·W, K]; attributes anchors, stride), from its sigmoid, split, grid and anchor arithmetic.</summary>
    public const string YoloDetect = "toolkit.YoloDetect";
}

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

    /// <summary>Max pooling over H and W of NHWC: attributes kernel [kh,kw], strides [sh,sw], pads [top,left,bottom,right];
    /// padded positions never win.</summary>
    public const string MaxPool = "MaxPool";

    /// <summary>Average pooling over H and W of NHWC: attributes as <see cref="MaxPool"/>, plus count_include_pad (0 or 1,
    /// default 0: each window divides by its count of real pixels, as TensorFlow SAME and ONNX's default do).</summary>
    public const string AveragePool = "AveragePool";

    /// <summary>Concatenation of two or more values along attribute axis (NHWC channels: 3); other dimensions equal.</summary>
    public const string Concat = "Concat";

    /// <summary>Nearest-neighbour upsampling of NHWC by the integer attribute factor: out[y, x] = in[y / factor, x / factor].</summary>
    public const string Upsample = "Upsample";

    /// <summary>Element-wise sum of two values of the same shape (a residual connection).</summary>
    public const string Add = "Add";

    /// <summary>Element-wise product of two values of the same shape.</summary>
    public const string Mul = "Mul";

    /// <summary>
    /// YOLOv5's Detect decode of one level: input the head convolution [N,H,W,A·K] (A anchors of K = 5 + classes values),
    /// output boxes [N, A·H·W, K] in YOLOv5's row order (anchor, y, x). Every value goes through a sigmoid; then
    /// x,y = (2σ − 0.5 + cell) · stride and w,h = (2σ)² · anchor. Attributes stride (pixels per cell) and anchors
    /// [w0,h0,w1,h1,...] in pixels.
    /// </summary>
    public const string YoloDetect = "YoloDetect";

    /// <summary>
    /// BERT's input embedding: inputs ids and segment ids (int32 [N,S]), then the word [V,H], position [P,H] and segment
    /// [T,H] tables; output [N,S,H] = word[id] + position[s] + segment[segment id], in that order (no layer norm).
    /// </summary>
    public const string Embedding = "Embedding";

    /// <summary>Layer normalization over the last axis: inputs x, gamma, beta; attribute epsilon (BERT: 1e-12).</summary>
    public const string LayerNorm = "LayerNorm";

    /// <summary>
    /// The core of multi-head self-attention: inputs qkv [N,S,3H] (Q, K and V side by side, from one fused projection)
    /// and the attention mask (int32 [N,S], 1 for a token, 0 for padding); attribute heads. Output [N,S,H]: per head,
    /// softmax(Q·Kᵀ/√(H/heads) + (1 − mask)·(−10000))·V, heads side by side.
    /// </summary>
    public const string MultiHeadAttention = "MultiHeadAttention";

    /// <summary>Element-wise hyperbolic tangent (BERT's pooler).</summary>
    public const string Tanh = "Tanh";

    /// <summary>The range [start, end) of one axis: attributes axis, start, end. BERT's pooler takes token 0 ([CLS]).</summary>
    public const string Slice = "Slice";

    /// <summary>
    /// Axes reordered: attribute perm, a permutation of 0..rank−1 (absent: the axes reversed, as ONNX), output dimension
    /// i = input dimension perm[i]; rank 1 to 6, element type Float32, Int32 or Int64 kept. NCHW → NHWC is [0,2,3,1].
    /// </summary>
    public const string Transpose = "Transpose";

    /// <summary>
    /// Element type conversion among Float32, Int32 and Int64, shape unchanged: attribute to (a <see cref="Tensors.DataType"/>
    /// name). Floats truncate toward zero, as ONNX; a value the target cannot hold (an Int64 id beyond Int32, NaN) stops the
    /// run with an <see cref="OverflowException"/> naming the node, as a checked conversion would, never a clamped value.
    /// </summary>
    public const string Cast = "Cast";

    /// <summary>
    /// Float32 → UInt8 as ONNX's QuantizeLinear: y = saturate(round(x / scale) + zero_point); attributes scale (float)
    /// and zero_point (int, 0–255). The quantized path's entry.
    /// </summary>
    public const string QuantizeLinear = "QuantizeLinear";

    /// <summary>UInt8 → Float32 as ONNX's DequantizeLinear: y = (x − zero_point) · scale; attributes as <see cref="QuantizeLinear"/>.</summary>
    public const string DequantizeLinear = "DequantizeLinear";

    /// <summary>
    /// A quantized 2-D convolution (ONNX's QLinearConv over NHWC): inputs x (UInt8), W (HWIO, Float32 holding the s8
    /// weight codes), W's per-output-channel scales [Cout] and optional real bias B [Cout]; attributes those of
    /// <see cref="Conv2d"/> plus x_scale, x_zero_point, y_scale, y_zero_point and optional activation (None, Relu,
    /// Relu6: the clamp). Output UInt8. Dense (group 1) and depthwise convolutions.
    /// </summary>
    public const string QConv2d = "QConv2d";
}

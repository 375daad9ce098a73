namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>A depthwise convolution's pinned buffers and geometry, as every parallel row item sees them.</summary>
internal readonly unsafe struct DepthwiseArguments(Conv2dGeometry geometry, float* input, float* weights, float* bias, float* output)
{
    public Conv2dGeometry Geometry { get; } = geometry;

    /// <summary>[InputHeight, InputWidth, Channels].</summary>
    public float* Input { get; } = input;

    /// <summary>[KernelHeight, KernelWidth, Channels].</summary>
    public float* Weights { get; } = weights;

    /// <summary>[Channels], or null for no bias.</summary>
    public float* Bias { get; } = bias;

    /// <summary>[OutputHeight, OutputWidth, Channels].</summary>
    public float* Output { get; } = output;
}

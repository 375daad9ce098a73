using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// An element-wise operator with one path per vector width. The scalar <see cref="Invoke(float)"/> is both the
/// reference the tests compare against and the path for tails. Kernels and fused epilogues (GEMM, convolution) are
/// generic over it, so each activation is written once.
/// </summary>
public interface IUnaryOperator
{
    static abstract float Invoke(float x);

    static abstract Vector128<float> Invoke(Vector128<float> x);

    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);

    /// <summary>
    /// True for an operator of one or two instructions and at most one constant (identity, ReLU, ReLU6). A GEMM tile
    /// applies such an operator as it stores its accumulators; any other runs over the stored tile in a second pass,
    /// because inlined beside 24 live accumulators its constants made the JIT spill accumulators inside the depth loop.
    /// </summary>
    static virtual bool IsLightweight => false;
}

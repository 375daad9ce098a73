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
}

using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops;

/// <summary>
/// An element-wise operator of two inputs with one path per vector width, the counterpart of <see cref="IUnaryOperator"/>.
/// The scalar <see cref="Invoke(float, float)"/> is the reference and the path for tails.
/// </summary>
public interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

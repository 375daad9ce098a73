using System.Runtime.Intrinsics;

namespace Toolkit.Kernels.Ops;

/// <summary>The identity: a fused epilogue with no activation.</summary>
public readonly struct IdentityOperator : IUnaryOperator
{
    public static float Invoke(float x) => x;

    public static Vector128<float> Invoke(Vector128<float> x) => x;

    public static Vector256<float> Invoke(Vector256<float> x) => x;

    public static Vector512<float> Invoke(Vector512<float> x) => x;

    public static bool IsLightweight => true;
}

/// <summary>max(x, 0).</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Max(x, 0f);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    public static bool IsLightweight => true;
}

/// <summary>min(max(x, 0), 6), MobileNet's activation.</summary>
public readonly struct Relu6Operator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Min(MathF.Max(x, 0f), 6f);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Min(Vector128.Max(x, Vector128<float>.Zero), Vector128.Create(6f));

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256<float>.Zero), Vector256.Create(6f));

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(x, Vector512<float>.Zero), Vector512.Create(6f));

    public static bool IsLightweight => true;
}

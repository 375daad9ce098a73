namespace Toolkit.Bench.Micro;

/// <summary>Benchmark categories, for <c>--anyCategories</c>.</summary>
public static class Categories
{
    public const string Kernels = "Kernels";
    public const string Gemm = "Gemm";
    public const string ColdStart = "ColdStart";
}

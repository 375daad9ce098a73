namespace Toolkit.Bench.Kernels;

/// <summary>One GEMM problem C[M×N] = A[M×K]·B[K×N], named as the reports name it ("MxNxK").</summary>
public readonly record struct GemmShape(int M, int N, int K, string Source)
{
    public string Name => $"{M}x{N}x{K}";

    public double Flops => 2.0 * M * N * K;

    /// <summary>
    /// The square shapes, then MobileNetV1 1.0 at 224×224: the first convolution as im2col (112²×27→32), the 13
    /// pointwise convolutions (M = H·W, K = Cin, N = Cout) and the classifier (1×1024→1001).
    /// </summary>
    public static IReadOnlyList<GemmShape> All { get; } =
    [
        new(256, 256, 256, "square"),
        new(1024, 1024, 1024, "square"),
        new(112 * 112, 32, 27, "mobilenet_v1 conv0 im2col"),
        new(112 * 112, 64, 32, "mobilenet_v1 pw1"),
        new(56 * 56, 128, 64, "mobilenet_v1 pw2"),
        new(56 * 56, 128, 128, "mobilenet_v1 pw3"),
        new(28 * 28, 256, 128, "mobilenet_v1 pw4"),
        new(28 * 28, 256, 256, "mobilenet_v1 pw5"),
        new(14 * 14, 512, 256, "mobilenet_v1 pw6"),
        // pw7..pw11 are five identical 14²×512→512 layers: measured once.
        new(14 * 14, 512, 512, "mobilenet_v1 pw7-11"),
        new(7 * 7, 1024, 512, "mobilenet_v1 pw12"),
        new(7 * 7, 1024, 1024, "mobilenet_v1 pw13"),
        new(1, 1001, 1024, "mobilenet_v1 classifier"),
    ];
}

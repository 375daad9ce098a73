namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>The AVX512-VNNI tier: the emitted 6 × 64 <c>vpdpbusd</c> tile of <see cref="Vnni512Code"/>.</summary>
internal unsafe struct Avx512VnniMicroKernel : IInt8MicroKernel
{
    public static Int8Isa Isa => Int8Isa.Avx512Vnni;

    public static int Rows => Vnni512Code.Rows;

    public static int Columns => Vnni512Code.Columns;

    public static void Run(nint groups, byte* a, nint lda, sbyte* panel, int* tile) => Vnni512Code.Kernel(a, lda, panel, tile, groups);
}

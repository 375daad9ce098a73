namespace Toolkit.Kernels.Quantized;

/// <summary>
/// An int8 dot-product tier: which instruction multiplies unsigned 8-bit activations by signed 8-bit weights into 32-bit
/// sums. The tiers differ in the instruction, not only the width, so they are a list of their own beside <see cref="Isa"/>.
/// </summary>
public enum Int8Isa
{
    /// <summary>The widest tier available; resolved by <see cref="Int8IsaSupport.Resolve"/>.</summary>
    Best = 0,

    /// <summary>Plain integer loops: the reference every other tier equals exactly.</summary>
    Scalar = 1,

    /// <summary>
    /// 256-bit <c>vpmaddubsw</c> + <c>vpmaddwd</c>: the pairwise 16-bit sums saturate, so weights must lie in
    /// [<see cref="Int8IsaSupport.NarrowWeightMin"/>, <see cref="Int8IsaSupport.NarrowWeightMax"/>] (7 bits).
    /// </summary>
    Avx2 = 2,

    /// <summary>256-bit <c>vpdpbusd</c> (AVX-VNNI, VEX-encoded): four products and the add in one instruction, full 8-bit weights.</summary>
    AvxVnni = 3,

    /// <summary>512-bit <c>vpmaddubsw</c> + <c>vpmaddwd</c> (AVX-512BW, for CPUs without VNNI such as Skylake-SP); 7-bit weights.</summary>
    Avx512Bw = 4,

    /// <summary>512-bit <c>vpdpbusd</c> (AVX512-VNNI): 64 multiply-adds per instruction, full 8-bit weights.</summary>
    Avx512Vnni = 5,
}

namespace Toolkit.Kernels.Convolution;

/// <summary>How a dense convolution's GEMM reads its left operand (the im2col rows) from the input.</summary>
public enum Conv2dInput
{
    /// <summary>The fastest path the geometry allows, as measured (see <see cref="PaddedInPlace"/>).</summary>
    Automatic,

    /// <summary>Im2col blocks gathered from the input as the GEMM needs them, into per-thread scratch: any geometry.</summary>
    Gathered,

    /// <summary>The input itself, as the GEMM's A: a 1×1, stride-1, unpadded convolution only.</summary>
    InPlace,

    /// <summary>
    /// A zero-padded copy of the input read in place, over the padded width: stride 1 and Groups = 1 only. Chosen
    /// automatically when the kernel rows are long enough and few rows are discarded (wide images).
    /// </summary>
    PaddedInPlace,

    /// <summary>
    /// Winograd F(2×2, 3×3): 16 GEMMs over transformed 4×4 input patches, 2.25× fewer multiply-adds; a 3×3, stride-1,
    /// Groups = 1 kernel on a vector tier only. Chosen automatically for images of at least 14×14 and 32 channels in and out.
    /// </summary>
    Winograd,
}

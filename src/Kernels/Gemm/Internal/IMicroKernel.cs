using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// One ISA tier's register-blocked GEMM tile and its cache-block sizes. The driver is generic over it, so each tier
/// compiles to its own specialised loop nest with the constants folded in.
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract Isa Isa { get; }

    /// <summary>MR: rows of C (and of A) one call computes.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of C one call computes; B is packed in panels of this many columns.</summary>
    static abstract int Columns { get; }

    /// <summary>KC: the depth of one cache block.</summary>
    static abstract int DepthBlock { get; }

    /// <summary>MC: the most rows of A one parallel item packs (over the whole depth) and keeps; a multiple of <see cref="Rows"/>.</summary>
    static abstract int RowBlock { get; }

    /// <summary>NC: the columns whose C block and B slice of one depth block stay in L2 across the depth blocks; a multiple of <see cref="Columns"/>.</summary>
    static abstract int ColumnBlock { get; }

    /// <summary>
    /// Computes C[Rows × Columns] = (sum +) A-strip · B-panel over <paramref name="depth"/> steps. <paramref name="a"/> is a
    /// strip packed by <see cref="PackedStrips"/> (depth groups of Rows values), <paramref name="b"/> depth rows of
    /// Columns values (64-byte aligned). When <paramref name="sum"/> is not null, the earlier depth blocks' partial sums
    /// in it (rows <paramref name="ldSum"/> apart; it may be C itself) are added; with <paramref name="last"/> the bias
    /// (when not null, Columns values) and the activation follow.
    /// </summary>
    static abstract void Run<TOp>(int depth, float* a, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator;

    /// <summary>
    /// The same product as <see cref="Run{TOp}"/> (with the same <paramref name="sum"/>, bias and activation rules), but
    /// A's <see cref="Rows"/> rows are read where they lie, <paramref name="lda"/> apart, instead of from a packed strip:
    /// for a small depth or few panels, where packing would not pay for itself (<c>PackedGemmBody.ReadsInPlace</c>).
    /// It sums in the same order as <see cref="Run{TOp}"/>.
    /// </summary>
    static abstract void RunInPlace<TOp>(int depth, float* a, nint lda, float* b, float* c, nint ldc, float* sum, nint ldSum, float* bias, bool last)
        where TOp : struct, IUnaryOperator;

    /// <summary>The same for one row of C: <paramref name="a"/> holds <paramref name="depth"/> contiguous values.</summary>
    static abstract void RunRow<TOp>(int depth, float* a, float* b, float* c, float* sum, float* bias, bool last)
        where TOp : struct, IUnaryOperator;
}

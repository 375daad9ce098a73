namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// One int8 tier's register-blocked tile. B is packed in panels <see cref="Columns"/> wide, grouped by four depth
/// steps: per group, each column's four weights lie together, so one 32-bit lane holds the four bytes one
/// <c>vpdpbusd</c> (or <c>vpmaddubsw</c> + <c>vpmaddwd</c>) multiplies by a row's four broadcast activations.
/// </summary>
internal unsafe interface IInt8MicroKernel
{
    static abstract Int8Isa Isa { get; }

    /// <summary>MR: rows of A (and of the tile) one call covers.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of the tile; the panel width B is packed with.</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// Writes the s32 tile <paramref name="tile"/>[Rows × Columns] (rows Columns apart) = A[Rows × 4·groups] · panel.
    /// A's rows lie <paramref name="lda"/> bytes apart and are read four bytes per group; the panel holds
    /// <paramref name="groups"/> groups of Columns × 4 bytes. <paramref name="groups"/> is at least 1.
    /// </summary>
    static abstract void Run(nint groups, byte* a, nint lda, sbyte* panel, int* tile);
}

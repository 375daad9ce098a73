namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>
/// The 512-bit <c>vpdpbusd</c> micro-kernel as machine code, since .NET 10 has no intrinsic for it (its
/// <c>AvxVnni</c> class stops at 256 bits). Built once per process with <see cref="X64Assembler"/> into an executable
/// page. It computes one <see cref="Rows"/> × <see cref="Columns"/> tile of s32 sums over the whole depth: per group of
/// four depth steps it loads the panel's four zmm of weights, and for each row broadcasts the row's four activation
/// bytes and issues four <c>vpdpbusd</c>, so 24 accumulators (zmm0–23) stay in registers, the weights in zmm24–27 and
/// the broadcasts alternate between zmm28 and zmm29. System V calling convention:
/// <c>kernel(byte* a, nint lda, sbyte* panel, int* tile, nint groups)</c>, all vector registers caller-saved.
/// </summary>
internal static unsafe class Vnni512Code
{
    public const int Rows = 6;

    public const int Columns = 64;

    private const int Rdi = 7, Rsi = 6, Rdx = 2, Rcx = 1, R8 = 8, R9 = 9, R10 = 10;

    private const int Vectors = Columns / 16;

    private const int WeightRegister = 24;

    private const int BroadcastRegister = 28;

    /// <summary>
    /// The kernel's entry point, or null where executable pages are refused. No GC transition: the code is a leaf
    /// that runs for microseconds, touches no managed state and never blocks.
    /// </summary>
    public static readonly delegate* unmanaged[SuppressGCTransition]<byte*, nint, sbyte*, int*, nint, void> Kernel =
        (delegate* unmanaged[SuppressGCTransition]<byte*, nint, sbyte*, int*, nint, void>)ExecutableMemory.TryLoad(Emit());

    public static bool IsAvailable => Kernel != null;

    /// <summary>The kernel's bytes (also read by the encoding tests).</summary>
    public static byte[] Emit()
    {
        var asm = new X64Assembler();

        // r9 = 3·lda and r10 = row 4, so the six rows are [rdi], [rdi+rsi], [rdi+2rsi], [rdi+r9], [r10], [r10+rsi].
        asm.Lea(R9, new X64Assembler.Memory(Rsi, Index: Rsi, Scale: 2));
        asm.Lea(R10, new X64Assembler.Memory(Rdi, Index: Rsi, Scale: 4));
        for (var r = 0; r < Rows * Vectors; r++)
        {
            asm.Vpxord(r, r, r);
        }

        var loop = asm.Position;
        for (var v = 0; v < Vectors; v++)
        {
            asm.Vmovdqu32Load(WeightRegister + v, new X64Assembler.Memory(Rdx, v * 64));
        }

        for (var row = 0; row < Rows; row++)
        {
            var broadcast = BroadcastRegister + (row & 1);
            asm.VpbroadcastdLoad(broadcast, RowOperand(row));
            for (var v = 0; v < Vectors; v++)
            {
                asm.Vpdpbusd((row * Vectors) + v, broadcast, WeightRegister + v);
            }
        }

        asm.AddImmediate(Rdi, 4);
        asm.AddImmediate(R10, 4);
        asm.AddImmediate(Rdx, Columns * 4);
        asm.Decrement(R8);
        asm.JumpIfNotZero(loop);

        for (var r = 0; r < Rows * Vectors; r++)
        {
            asm.Vmovdqu32Store(new X64Assembler.Memory(Rcx, r * 64), r);
        }

        asm.Vzeroupper();
        asm.Return();
        return asm.ToArray();
    }

    /// <summary>
    /// The peak loop of <see cref="DotProductPeak"/>: <c>loop(nint iterations)</c>, each trip one <c>vpdpbusd</c> into
    /// each of <paramref name="chains"/> independent accumulators from two fixed operands.
    /// </summary>
    public static byte[] EmitPeakLoop(int chains)
    {
        var asm = new X64Assembler();
        for (var r = 0; r < chains; r++)
        {
            asm.Vpxord(r, r, r);
        }

        var loop = asm.Position;
        for (var r = 0; r < chains; r++)
        {
            asm.Vpdpbusd(r, 30, 31);
        }

        asm.Decrement(Rdi);
        asm.JumpIfNotZero(loop);
        asm.Vzeroupper();
        asm.Return();
        return asm.ToArray();
    }

    private static X64Assembler.Memory RowOperand(int row) => row switch
    {
        0 => new(Rdi),
        1 => new(Rdi, Index: Rsi),
        2 => new(Rdi, Index: Rsi, Scale: 2),
        3 => new(Rdi, Index: R9),
        4 => new(R10),
        _ => new(R10, Index: Rsi),
    };
}

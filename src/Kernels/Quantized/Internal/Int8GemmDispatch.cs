namespace Toolkit.Kernels.Quantized.Internal;

/// <summary>Picks a tier's loop nest and splits C into parallel items for it.</summary>
internal static unsafe class Int8GemmDispatch
{
    /// <summary>Parallel items wanted per thread, so uneven items still balance.</summary>
    private const int ItemsPerThread = 4;

    /// <summary>The panel width B is packed with for <paramref name="isa"/>.</summary>
    public static int PanelWidth(Int8Isa isa) => isa switch
    {
        Int8Isa.Scalar => ScalarInt8MicroKernel.Columns,
        Int8Isa.Avx2 => Avx2Int8MicroKernel.Columns,
        Int8Isa.AvxVnni => AvxVnniMicroKernel.Columns,
        Int8Isa.Avx512Bw => Avx512BwInt8MicroKernel.Columns,
        Int8Isa.Avx512Vnni => Avx512VnniMicroKernel.Columns,
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "Resolve the int8 tier before packing."),
    };

    /// <summary>C[rows × b.Columns] = epilogue(A·B); A's rows lie <paramref name="lda"/> bytes apart, <paramref name="aLength"/> bytes readable in all.</summary>
    public static void Run<TEpilogue>(CpuContext cpu, int rows, byte* a, nint lda, long aLength, PackedInt8Matrix b, TEpilogue epilogue)
        where TEpilogue : struct, IInt8Epilogue
    {
        if (rows == 0 || b.Columns == 0)
        {
            return;
        }

        switch (b.Isa)
        {
            case Int8Isa.Scalar:
                Run<ScalarInt8MicroKernel, TEpilogue>(cpu, rows, a, lda, aLength, b, epilogue);
                break;
            case Int8Isa.Avx2:
                Run<Avx2Int8MicroKernel, TEpilogue>(cpu, rows, a, lda, aLength, b, epilogue);
                break;
            case Int8Isa.AvxVnni:
                Run<AvxVnniMicroKernel, TEpilogue>(cpu, rows, a, lda, aLength, b, epilogue);
                break;
            case Int8Isa.Avx512Bw:
                Run<Avx512BwInt8MicroKernel, TEpilogue>(cpu, rows, a, lda, aLength, b, epilogue);
                break;
            case Int8Isa.Avx512Vnni:
                Run<Avx512VnniMicroKernel, TEpilogue>(cpu, rows, a, lda, aLength, b, epilogue);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(b), b.Isa, "The matrix holds an unresolved int8 tier.");
        }
    }

    private static void Run<TKernel, TEpilogue>(CpuContext cpu, int rows, byte* a, nint lda, long aLength, PackedInt8Matrix b, TEpilogue epilogue)
        where TKernel : struct, IInt8MicroKernel
        where TEpilogue : struct, IInt8Epilogue
    {
        if (b.Depth == 0)
        {
            // An empty depth: every sum is zero, and the epilogue still applies (bias, zero points).
            var zeros = stackalloc int[b.Columns];
            new Span<int>(zeros, b.Columns).Clear();
            for (var row = 0; row < rows; row++)
            {
                epilogue.Store(zeros, 0, row, 0, 1, b.Columns);
            }

            return;
        }

        var rowBlock = Int8GemmBody<TKernel, TEpilogue>.RowBlockFor(rows, b.Groups);
        var rowBlocks = (rows + rowBlock - 1) / rowBlock;
        var columnBlocks = cpu.Threads == 1 ? 1 : Math.Clamp(((ItemsPerThread * cpu.Threads) + rowBlocks - 1) / rowBlocks, 1, b.PanelCount);
        var panelsPerItem = (b.PanelCount + columnBlocks - 1) / columnBlocks;
        columnBlocks = (b.PanelCount + panelsPerItem - 1) / panelsPerItem;

        // Row r's last group reads bytes up to r·lda + 4·groups; from the first row where that leaves A, rows are copied.
        var groupBytes = b.Groups * 4L;
        var firstUnsafe = aLength < groupBytes ? 0 : (int)Math.Min(((aLength - groupBytes) / lda) + 1, rows);
        var body = new Int8GemmBody<TKernel, TEpilogue>
        {
            RowCount = rows,
            A = a,
            Lda = lda,
            FirstUnsafeRow = firstUnsafe,
            B = b,
            Epilogue = epilogue,
            RowBlock = rowBlock,
            PanelsPerItem = panelsPerItem,
            ItemColumnBlocks = columnBlocks,
        };
        cpu.For(rowBlocks * columnBlocks, body);
    }
}

using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Gemm.Internal;

/// <summary>
/// Picks the epilogue operator and the tier's loop nest for C = act(A·B + bias). Shared by <see cref="Sgemm"/> and the
/// convolutions, which differ only in where A comes from (<typeparamref name="TSource"/>).
/// </summary>
internal static unsafe class GemmDispatch
{
    /// <summary>Parallel items wanted per thread, so uneven tiles still balance across threads.</summary>
    private const int ItemsPerThread = 4;

    public static void Run<TSource>(CpuContext cpu, int rows, in TSource source, PackedPanels b, float* c, nint ldc, float* bias, Activation activation)
        where TSource : struct, IRowSource
    {
        switch (activation)
        {
            case Activation.None:
                Run<TSource, IdentityOperator>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Activation.Relu:
                Run<TSource, ReluOperator>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Activation.Relu6:
                Run<TSource, Relu6Operator>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Activation.Silu:
                Run<TSource, SiluOperator>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Activation.Gelu:
                Run<TSource, GeluOperator>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Activation.Sigmoid:
                Run<TSource, SigmoidOperator>(cpu, rows, source, b, c, ldc, bias);
                break;
            default:
                throw new NotSupportedException($"The GEMM epilogue does not support activation '{activation}'.");
        }
    }

    /// <summary>The activations the fused epilogue supports.</summary>
    public static bool Supports(Activation activation) => Enum.IsDefined(activation);

    private static void Run<TSource, TOp>(CpuContext cpu, int rows, in TSource source, PackedPanels b, float* c, nint ldc, float* bias)
        where TSource : struct, IRowSource
        where TOp : struct, IUnaryOperator
    {
        if (rows == 0 || b.Columns == 0)
        {
            return;
        }

        if (b.Depth == 0)
        {
            FillEpilogue<TOp>(rows, b.Columns, c, ldc, bias);
            return;
        }

        switch (cpu.Isa)
        {
            case Isa.Scalar:
                var scalar = new ScalarGemmBody<TSource, TOp> { RowCount = rows, Source = source, B = b, C = c, Ldc = ldc, Bias = bias };
                cpu.For((rows + ScalarGemmBody<TSource, TOp>.RowsPerItem - 1) / ScalarGemmBody<TSource, TOp>.RowsPerItem, scalar);
                break;
            case Isa.Vector128:
                RunPacked<SixRowMicroKernel<Simd128, Vector128<float>>, TSource, TOp>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Isa.Avx2:
                RunPacked<SixRowMicroKernel<Simd256, Vector256<float>>, TSource, TOp>(cpu, rows, source, b, c, ldc, bias);
                break;
            case Isa.Avx512:
                RunPacked<Avx512MicroKernel, TSource, TOp>(cpu, rows, source, b, c, ldc, bias);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cpu), cpu.Isa, "The CPU context holds an unresolved ISA tier.");
        }
    }

    private static void RunPacked<TKernel, TSource, TOp>(CpuContext cpu, int rows, in TSource source, PackedPanels b, float* c, nint ldc, float* bias)
        where TKernel : struct, IMicroKernel
        where TSource : struct, IRowSource
        where TOp : struct, IUnaryOperator
    {
        var rowBlock = PackedGemmBody<TKernel, TSource, TOp>.RowBlockFor(rows, b.Depth);
        var rowBlocks = (rows + rowBlock - 1) / rowBlock;
        var panels = (b.Columns + TKernel.Columns - 1) / TKernel.Columns;

        // One column block keeps A packed once per depth block; split columns only when the row blocks alone cannot
        // keep every thread busy. The split never changes a result: each element's sum order is fixed by the kernel.
        var columnBlocks = cpu.Threads == 1 ? 1 : Math.Clamp(((ItemsPerThread * cpu.Threads) + rowBlocks - 1) / rowBlocks, 1, panels);
        var panelsPerBlock = (panels + columnBlocks - 1) / columnBlocks;
        columnBlocks = (panels + panelsPerBlock - 1) / panelsPerBlock;

        var body = new PackedGemmBody<TKernel, TSource, TOp>
        {
            RowCount = rows,
            Source = source,
            B = b,
            C = c,
            Ldc = ldc,
            Bias = bias,
            ItemColumns = panelsPerBlock * TKernel.Columns,
            ItemColumnBlocks = columnBlocks,
            RowBlock = rowBlock,
        };
        cpu.For(rowBlocks * columnBlocks, body);
    }

    /// <summary>K = 0: the product is zero, so C is the epilogue of the bias alone.</summary>
    private static void FillEpilogue<TOp>(int rows, int columns, float* c, nint ldc, float* bias)
        where TOp : struct, IUnaryOperator
    {
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                c[(i * ldc) + j] = TOp.Invoke(bias != null ? bias[j] : 0f);
            }
        }
    }

    /// <summary>The panel width (NR) B is packed with for <paramref name="isa"/>; the scalar tier keeps B row-major.</summary>
    public static int PanelWidth(Isa isa, int columns) => isa switch
    {
        Isa.Scalar => Math.Max(columns, 1),
        Isa.Vector128 => SixRowMicroKernel<Simd128, Vector128<float>>.Columns,
        Isa.Avx2 => SixRowMicroKernel<Simd256, Vector256<float>>.Columns,
        Isa.Avx512 => Avx512MicroKernel.Columns,
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "Resolve the ISA tier before packing."),
    };
}

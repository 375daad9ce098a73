using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Gemm.Internal;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Convolution.Internal;

/// <summary>
/// Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, 2016) for a dense 3×3, stride-1 convolution: each 2×2
/// block of output pixels (a tile) comes from the 4×4 input patch around it as Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, summed over
/// input channels. Summing over channels is a GEMM per element ξ of the 4×4 transformed patch: 16 GEMMs of
/// (tiles × InChannels)·(InChannels × OutChannels), 16 multiplies per tile and channel pair where the direct
/// convolution spends 36, so 2.25× fewer. The transforms only add and subtract (and halve, for the weights), so
/// F(2×2, 3×3) keeps single precision close to the direct sum (ResNet18's features: 5.5e-7 relative difference from
/// ONNX Runtime's), where the larger tiles lose digits.
/// Tiles run in blocks whose transformed inputs and GEMM outputs stay in L2.
/// </summary>
internal static unsafe class WinogradF2x3
{
    /// <summary>Elements of the transformed 4×4 patch: one GEMM each.</summary>
    public const int Elements = 16;

    /// <summary>
    /// Floats of transformed input (and, again, of GEMM output) per tile block: 384 KiB each, so both stay in the
    /// 1 MiB L2 beside the B panel streaming through.
    /// </summary>
    private const int BlockBudgetFloats = 96 * 1024;

    /// <summary>The output pixels from which it pays: below that, 16 GEMMs of a few rows each re-read weights that are 16/9 the size.</summary>
    private const int LeastOutputPixels = 14 * 14;

    /// <summary>The fewest input and output channels for which it pays: the transforms cost per channel what a few multiply-adds do.</summary>
    private const int LeastChannels = 32;

    /// <summary>Whether a convolution can run this way: dense, 3×3, stride 1, on a vector tier (the scalar tier keeps B row-major).</summary>
    public static bool CanRun(Conv2dGeometry g, Isa isa) =>
        g.Groups == 1 && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1 && isa != Isa.Scalar;

    /// <summary>Whether it pays to: an image and channel counts large enough for the transforms and the larger weights to amortise.</summary>
    public static bool Pays(Conv2dGeometry g, Isa isa) =>
        CanRun(g, isa) && g.OutputHeight * g.OutputWidth >= LeastOutputPixels && g.InChannels >= LeastChannels && g.OutChannels >= LeastChannels;

    public static int TilesHigh(Conv2dGeometry g) => (g.OutputHeight + 1) / 2;

    public static int TilesWide(Conv2dGeometry g) => (g.OutputWidth + 1) / 2;

    /// <summary>Columns of each element's block of the packed weights: OutChannels rounded up to whole panels.</summary>
    public static int ElementColumns(Conv2dGeometry g, int panelWidth) => ElementColumns(g.OutChannels, panelWidth);

    private static int ElementColumns(int outChannels, int panelWidth) => checked((outChannels + panelWidth - 1) / panelWidth * panelWidth);

    /// <summary>Whether an HWIO weight shape is a 3×3 kernel, the only one with a transform.</summary>
    public static bool IsKernelShape(int[] hwio) => hwio.Length == 4 && hwio[0] == 3 && hwio[1] == 3 && hwio[2] > 0 && hwio[3] > 0;

    /// <summary>[depth × columns] of the transformed weights of an HWIO [3, 3, InChannels, OutChannels] kernel, for panels <paramref name="panelWidth"/> wide.</summary>
    public static (int Depth, int Columns) WeightShape(int[] hwio, int panelWidth) => (hwio[2], checked(Elements * ElementColumns(hwio[3], panelWidth)));

    /// <summary>Tiles per block: as many as keep the block's transformed input and output within the budget, evenly split.</summary>
    public static int TilesPerBlock(Conv2dGeometry g)
    {
        var tiles = TilesHigh(g) * TilesWide(g);
        var most = Math.Max(BlockBudgetFloats / (Elements * Math.Max(g.InChannels, g.OutChannels)), 1);
        var blocks = (tiles + most - 1) / most;
        return (tiles + blocks - 1) / blocks;
    }

    /// <summary>
    /// The weights as the 16 GEMMs' right operands, side by side in one packed matrix [InChannels × 16·ElementColumns]:
    /// element ξ's block holds U_ξ[ci, co] = (G g Gᵀ)_ξ for the 3×3 filter g of (ci, co), with
    /// G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. <paramref name="source"/> is the convolution's GEMM B [9·InChannels ×
    /// OutChannels], packed in panels of any width (HWIO as it lies is one panel OutChannels wide). The transform writes
    /// the packed panels directly: a plan built without the transform stored in its model file makes it while it loads,
    /// and every intermediate copy would be fresh memory whose page faults cost more than the arithmetic.
    /// </summary>
    public static PackedMatrix TransformWeights(Isa isa, Conv2dGeometry g, PackedPanels source)
    {
        int inChannels = g.InChannels, outChannels = g.OutChannels, width = GemmDispatch.PanelWidth(isa, 1);
        var elementColumns = ElementColumns(g, width);
        var matrix = new PackedMatrix(isa, inChannels, Elements * elementColumns, width);
        var panels = matrix.Panels;
        var elementFloats = (long)elementColumns * inChannels;
        NativeMemory.Clear(panels.Data, (nuint)matrix.LengthFloats * sizeof(float));
        var half = stackalloc float[12];
        var pitch = source.PanelWidth;
        var tapStride = (long)inChannels * pitch;

        // Panel by panel of the target, row by row, so each tap row of the source and each element row of the target is
        // read or written as one contiguous run of the panel width.
        for (var first = 0; first < outChannels; first += width)
        {
            var panel = panels.Data + ((long)(first / width) * inChannels * width);
            var last = Math.Min(first + width, outChannels);
            for (var ci = 0; ci < inChannels; ci++)
            {
                var row = panel + ((long)ci * width);
                for (var co = first; co < last; co++)
                {
                    // Filter tap k = 3·ky + kx of (ci, co) is GEMM B's row k·InChannels + ci.
                    var taps = source.Data + ((long)(co / pitch) * source.Depth * pitch) + (co % pitch) + (ci * pitch);
                    for (var x = 0; x < 3; x++)
                    {
                        // Column x of G g (4 × 3): the filter's rows are ky = 0, 1, 2.
                        float g0 = taps[x * tapStride], g1 = taps[(3 + x) * tapStride], g2 = taps[(6 + x) * tapStride];
                        half[x] = g0;
                        half[3 + x] = 0.5f * (g0 + g1 + g2);
                        half[6 + x] = 0.5f * (g0 - g1 + g2);
                        half[9 + x] = g2;
                    }

                    // Row y of (G g) Gᵀ, as ξ = 4y + column, each element in its own block of panels.
                    for (var y = 0; y < 4; y++)
                    {
                        float h0 = half[3 * y], h1 = half[(3 * y) + 1], h2 = half[(3 * y) + 2];
                        var element = row + (co - first) + (4 * y * elementFloats);
                        element[0] = h0;
                        element[elementFloats] = 0.5f * (h0 + h1 + h2);
                        element[2 * elementFloats] = 0.5f * (h0 - h1 + h2);
                        element[3 * elementFloats] = h2;
                    }
                }
            }
        }

        return matrix;
    }

    /// <summary>The transform of HWIO weights as they lie: GEMM B [9·InChannels × OutChannels] in one panel OutChannels wide.</summary>
    public static PackedMatrix TransformWeights(Isa isa, Conv2dGeometry g, ReadOnlySpan<float> weightsHwio)
    {
        fixed (float* hwio = weightsHwio)
        {
            return TransformWeights(isa, g, new PackedPanels(hwio, 9 * g.InChannels, g.OutChannels, g.OutChannels));
        }
    }

    /// <summary>Element ξ's right operand: a view of its panels in the packed matrix of <see cref="TransformWeights"/>.</summary>
    public static PackedPanels ElementPanels(PackedPanels all, Conv2dGeometry g, int element)
    {
        var elementColumns = ElementColumns(g, all.PanelWidth);
        var panelsBefore = (long)element * (elementColumns / all.PanelWidth);
        return new PackedPanels(all.Data + (panelsBefore * all.Depth * all.PanelWidth), all.Depth, g.OutChannels, all.PanelWidth);
    }

    /// <summary>output = act(conv(input) + bias) over NHWC, with <paramref name="weights"/> from <see cref="TransformWeights"/>.</summary>
    public static void Run(CpuContext cpu, Conv2dGeometry g, PackedPanels weights, float* input, float* output, float* bias, Activation activation)
    {
        switch (activation)
        {
            case Activation.None:
                Run<IdentityOperator>(cpu, g, weights, input, output, bias);
                break;
            case Activation.Relu:
                Run<ReluOperator>(cpu, g, weights, input, output, bias);
                break;
            case Activation.Relu6:
                Run<Relu6Operator>(cpu, g, weights, input, output, bias);
                break;
            case Activation.Silu:
                Run<SiluOperator>(cpu, g, weights, input, output, bias);
                break;
            case Activation.Gelu:
                Run<GeluOperator>(cpu, g, weights, input, output, bias);
                break;
            case Activation.Sigmoid:
                Run<SigmoidOperator>(cpu, g, weights, input, output, bias);
                break;
            default:
                throw new NotSupportedException($"The Winograd convolution does not support activation '{activation}'.");
        }
    }

    private static void Run<TOp>(CpuContext cpu, Conv2dGeometry g, PackedPanels weights, float* input, float* output, float* bias)
        where TOp : struct, IUnaryOperator
    {
        switch (cpu.Isa)
        {
            case Isa.Avx512:
                Run<Simd512, Vector512<float>, TOp>(cpu, g, weights, input, output, bias);
                break;
            case Isa.Avx2:
                Run<Simd256, Vector256<float>, TOp>(cpu, g, weights, input, output, bias);
                break;
            case Isa.Vector128:
                Run<Simd128, Vector128<float>, TOp>(cpu, g, weights, input, output, bias);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cpu), cpu.Isa, "The Winograd convolution runs on the vector tiers only.");
        }
    }

    /// <summary>Per block of tiles: transform the input patches, run the 16 GEMMs, transform the products back into the output.</summary>
    private static void Run<TSimd, TVector, TOp>(CpuContext cpu, Conv2dGeometry g, PackedPanels weights, float* input, float* output, float* bias)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
        where TOp : struct, IUnaryOperator
    {
        int inChannels = g.InChannels, outChannels = g.OutChannels;
        var tiles = TilesHigh(g) * TilesWide(g);
        var perBlock = TilesPerBlock(g);
        var transformed = ConvolutionScratch.PaddedInput.Get(((long)Elements * perBlock * inChannels) + inChannels);
        var zeros = transformed + ((long)Elements * perBlock * inChannels);
        new Span<float>(zeros, inChannels).Clear();
        var products = ConvolutionScratch.WideOutput.Get((long)Elements * perBlock * outChannels);
        for (var first = 0; first < tiles; first += perBlock)
        {
            var count = Math.Min(perBlock, tiles - first);
            var block = new WinogradBlock(g, first, count, transformed, products, zeros);
            cpu.For(count, new WinogradInputTransform<TSimd, TVector>(block, input));
            for (var element = 0; element < Elements; element++)
            {
                var rows = new DenseRows(transformed + ((long)element * count * inChannels), inChannels);
                GemmDispatch.Run(cpu, count, rows, ElementPanels(weights, g, element), products + ((long)element * count * outChannels), outChannels, null, Activation.None);
            }

            cpu.For(count, new WinogradOutputTransform<TSimd, TVector, TOp>(block, bias, output));
        }
    }
}

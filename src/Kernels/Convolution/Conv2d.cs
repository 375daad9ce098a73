using Toolkit.Kernels.Convolution.Internal;
using Toolkit.Kernels.Gemm;

namespace Toolkit.Kernels.Convolution;

/// <summary>
/// Dense 2-D convolution (Groups = 1) over one NHWC image with HWIO weights, as a GEMM: M = output pixels,
/// K = KernelHeight·KernelWidth·InChannels, N = OutChannels. A 1×1, stride-1, unpadded convolution multiplies the input
/// as it lies; a large 3×3 stride-1 one runs as Winograd F(2×2, 3×3), 16 smaller GEMMs; another stride-1 one over a
/// wide image reads a zero-padded copy of its input in place; any other kernel, stride or padding gathers im2col blocks
/// on the fly into per-thread scratch (<see cref="Conv2dInput"/>).
/// Prepare the weights once per tier, then run as often as needed without allocating.
/// </summary>
public static class Conv2d
{
    /// <summary>Packs HWIO weights [KernelHeight, KernelWidth, InChannels, OutChannels] into GEMM panels for <paramref name="isa"/>.</summary>
    /// <exception cref="NotSupportedException">Groups ≠ 1: depthwise and grouped convolutions have their own kernels.</exception>
    /// <param name="input">How the GEMM reads the input; the default picks the fastest path the geometry allows.</param>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    /// <exception cref="ArgumentException">Wrong weight count, or an <paramref name="input"/> path the geometry cannot take.</exception>
    public static PreparedConv2d Prepare(Isa isa, Conv2dGeometry geometry, ReadOnlySpan<float> weightsHwio, Conv2dInput input = Conv2dInput.Automatic)
    {
        geometry.Validate();
        if (geometry.Groups != 1)
        {
            throw new NotSupportedException(
                $"Conv2d handles Groups = 1 only; received Groups = {geometry.Groups} for {geometry}. " +
                "Depthwise convolutions (Groups = InChannels = OutChannels) use DepthwiseConvolution; other grouped convolutions are not supported.");
        }

        if (weightsHwio.Length != geometry.WeightCount)
        {
            throw new ArgumentException(
                $"HWIO weights for {geometry.KernelHeight}×{geometry.KernelWidth}×{geometry.InChannels}×{geometry.OutChannels} need {geometry.WeightCount} values; received {weightsHwio.Length}.",
                nameof(weightsHwio));
        }

        var tier = IsaSupport.Resolve(isa);
        input = PreparedConv2d.Resolve(geometry, input, tier);
        if (input == Conv2dInput.Winograd)
        {
            return new PreparedConv2d(geometry, WinogradF2x3.TransformWeights(tier, geometry, weightsHwio), input);
        }

        // HWIO flattened is exactly the GEMM's B: row p = (ky, kx, ci), column = output channel.
        var depth = geometry.KernelHeight * geometry.KernelWidth * geometry.InChannels;
        var packed = Sgemm.PackB(isa, weightsHwio, depth, geometry.OutChannels, geometry.OutChannels);
        return new PreparedConv2d(geometry, packed, input);
    }

    /// <summary>
    /// A convolution over weights already packed as GEMM B [KernelHeight·KernelWidth·InChannels × OutChannels], and
    /// perhaps already transformed for Winograd (<paramref name="winogradWeights"/>, as a model file stores them). When
    /// the Winograd path pays, it runs on those, or on a transform of the panels made now; either way the GEMM panels
    /// are disposed (which frees nothing when they lie in a mapped model file). Otherwise the convolution owns them.
    /// </summary>
    internal static PreparedConv2d Prepare(Conv2dGeometry geometry, PackedMatrix packedWeights, PackedMatrix? winogradWeights = null)
    {
        geometry.Validate();
        var depth = geometry.KernelHeight * geometry.KernelWidth * geometry.InChannels;
        if (geometry.Groups != 1 || packedWeights.Depth != depth || packedWeights.Columns != geometry.OutChannels)
        {
            throw new ArgumentException(
                $"Packed weights [{packedWeights.Depth} × {packedWeights.Columns}] do not fit {geometry}: expected [{depth} × {geometry.OutChannels}] and Groups = 1.",
                nameof(packedWeights));
        }

        if (PreparedConv2d.Resolve(geometry, Conv2dInput.Automatic, packedWeights.Isa) != Conv2dInput.Winograd)
        {
            return new PreparedConv2d(geometry, packedWeights);
        }

        var expected = WinogradF2x3.WeightShape([3, 3, geometry.InChannels, geometry.OutChannels], packedWeights.PanelWidth);
        if (winogradWeights is not null && (winogradWeights.Isa != packedWeights.Isa || winogradWeights.PanelWidth != packedWeights.PanelWidth || (winogradWeights.Depth, winogradWeights.Columns) != expected))
        {
            throw new ArgumentException(
                $"Winograd weights [{winogradWeights.Depth} × {winogradWeights.Columns}] at {winogradWeights.Isa} do not fit {geometry}: expected [{expected.Depth} × {expected.Columns}] at {packedWeights.Isa}.",
                nameof(winogradWeights));
        }

        var transformed = winogradWeights ?? WinogradF2x3.TransformWeights(packedWeights.Isa, geometry, packedWeights.Panels);
        packedWeights.Dispose();
        return new PreparedConv2d(geometry, transformed, Conv2dInput.Winograd);
    }
}

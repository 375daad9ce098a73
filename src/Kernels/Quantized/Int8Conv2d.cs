using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Quantized.Internal;

namespace Toolkit.Kernels.Quantized;

/// <summary>
/// A quantized 2-D convolution over one NHWC u8 image with s8 HWIO weights, requantized to u8 per output channel
/// (<see cref="Requantization"/>), prepared once for one int8 tier. A pointwise convolution is the int8 GEMM over the
/// image's pixels; any other dense one gathers im2col rows first, padding with the input's zero point (real zero); a
/// depthwise one runs the direct int8 depthwise kernel (<see cref="Int8Depthwise"/>). Every tier gives the same bytes.
/// </summary>
public sealed class Int8Conv2d : IDisposable
{
    private readonly PackedInt8Matrix? gemmWeights;
    private readonly Int8Depthwise? depthwise;
    private readonly byte[]? patches;

    private Int8Conv2d(Conv2dGeometry geometry, Requantization requantization, PackedInt8Matrix? gemmWeights, Int8Depthwise? depthwise)
    {
        Geometry = geometry;
        Requantization = requantization;
        this.gemmWeights = gemmWeights;
        this.depthwise = depthwise;
        if (gemmWeights is not null && !geometry.IsPointwise)
        {
            patches = new byte[checked(geometry.OutputHeight * geometry.OutputWidth * (int)(geometry.WeightCount / geometry.OutChannels))];
        }
    }

    public Conv2dGeometry Geometry { get; }

    public Requantization Requantization { get; }

    public int InputLength => Geometry.InputHeight * Geometry.InputWidth * Geometry.InChannels;

    public int OutputLength => Geometry.OutputHeight * Geometry.OutputWidth * Geometry.OutChannels;

    /// <summary>Packs <paramref name="weights"/> (HWIO, s8) for <paramref name="isa"/>.</summary>
    /// <exception cref="NotSupportedException">A grouped convolution that is not depthwise.</exception>
    /// <exception cref="ArgumentException">The weights or requantization do not fit the geometry, or 8-bit weights for a 7-bit tier.</exception>
    public static Int8Conv2d Prepare(Int8Isa isa, Conv2dGeometry geometry, ReadOnlySpan<sbyte> weights, Requantization requantization)
    {
        ArgumentNullException.ThrowIfNull(requantization);
        geometry.Validate();
        if (weights.Length != geometry.WeightCount)
        {
            throw new ArgumentException($"The convolution needs {geometry.WeightCount} weights (HWIO); received {weights.Length}.", nameof(weights));
        }

        if (requantization.Multipliers.Length != geometry.OutChannels)
        {
            throw new ArgumentException($"The requantization covers {requantization.Multipliers.Length} channels; the convolution has {geometry.OutChannels}.", nameof(requantization));
        }

        if (geometry.IsDepthwise)
        {
            return new Int8Conv2d(geometry, requantization, null, new Int8Depthwise(Int8IsaSupport.Resolve(isa), geometry, weights));
        }

        if (geometry.Groups != 1)
        {
            throw new NotSupportedException($"Int8 convolution runs dense (group 1) and depthwise convolutions; received group {geometry.Groups} of {geometry.InChannels} channels.");
        }

        var depth = (int)(geometry.WeightCount / geometry.OutChannels);
        return new Int8Conv2d(geometry, requantization, Int8Gemm.PackB(isa, weights, depth, geometry.OutChannels, geometry.OutChannels), null);
    }

    /// <summary>Convolves one image: <paramref name="x"/> holds <see cref="InputLength"/> bytes, <paramref name="y"/> <see cref="OutputLength"/>.</summary>
    public void Run(CpuContext cpu, ReadOnlySpan<byte> x, Span<byte> y)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (x.Length < InputLength || y.Length < OutputLength)
        {
            throw new ArgumentException($"The convolution reads {InputLength} bytes and writes {OutputLength}; received {x.Length} and {y.Length}.", nameof(x));
        }

        var pixels = Geometry.OutputHeight * Geometry.OutputWidth;
        if (depthwise is not null)
        {
            depthwise.Run(cpu, x, Requantization, y);
        }
        else if (patches is null)
        {
            Int8Gemm.Multiply(cpu, pixels, x, Geometry.InChannels, gemmWeights!, Requantization, y, Geometry.OutChannels);
        }
        else
        {
            Int8Im2Col.Gather(Geometry, x, Requantization.InputZeroPoint, patches);
            var depth = patches.Length / pixels;
            Int8Gemm.Multiply(cpu, pixels, patches, depth, gemmWeights!, Requantization, y, Geometry.OutChannels);
        }
    }

    public void Dispose() => gemmWeights?.Dispose();
}

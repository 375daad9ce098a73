using SkiaSharp;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bench.Pretrained;

/// <summary>
/// Turns an image file (PNG, JPEG, WebP, GIF, BMP: whatever SkiaSharp decodes) into the input of a pretrained
/// ImageNet CNN such as ResNet18: the shorter side resized to <c>size</c>, the centre <c>size</c>×<c>size</c> square
/// kept, and the pixels as planar RGB floats in 0..255, NCHW <c>[1, 3, size, size]</c>.
/// </summary>
/// <remarks>
/// This is the tensor that ML.NET's ResNet18 featurizer feeds its preprocessing graph (<c>ResNetPreprocess.onnx</c>):
/// ML.NET's <c>ResizeImages</c> (isotropic crop, centre anchor) then <c>ExtractPixels</c> (planar, R then G then B,
/// no scaling, no offset). That graph swaps RGB to BGR and subtracts the mean image; callers apply it after this, the
/// values here are raw. The EXIF orientation tag is not applied (the pixels are used as stored), and a transparent
/// image is composited over black.
/// </remarks>
public static class ImageTensor
{
    /// <summary>The ImageNet input side of ResNet18 and most classification CNNs.</summary>
    public const int DefaultSize = 224;

    /// <summary>Channels of the output, R, G, B in that order.</summary>
    public const int Channels = 3;

    // Downscaling by more than 2× with a cubic filter alone skips source pixels and aliases; mipmaps average them first.
    private const float MipmapBelowScale = 0.5f;

    /// <summary>The image at <paramref name="path"/> as a float32 tensor of shape <c>[1, 3, size, size]</c>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ImageDecodeException">The file is not a decodable image.</exception>
    public static Tensor Load(string path, int size = DefaultSize) => Tensor.From<float>(LoadNchw(path, size), 1, Channels, size, size);

    /// <summary>
    /// The image at <paramref name="path"/> as <c>3 × size × size</c> floats in 0..255: every red value, then every
    /// green, then every blue, each plane row-major (NCHW with N = 1).
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ImageDecodeException">The file is not a decodable image.</exception>
    public static float[] LoadNchw(string path, int size = DefaultSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        using var image = Decode(path);
        return CropToSquare(image, size);
    }

    private static SKImage Decode(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Image file '{fullPath}' does not exist.", fullPath);
        }

        using var codec = SKCodec.Create(fullPath, out var created)
            ?? throw new ImageDecodeException($"Image file '{fullPath}' is not a decodable image (SkiaSharp: {created}).");

        // Unpremultiplied RGBA whatever the file stores (gray, palette, RGB), so every pixel reads the same way below.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());

        // IncompleteInput (a truncated file) would hand back a partly blank image without complaint: refuse it too.
        if (decoded != SKCodecResult.Success)
        {
            throw new ImageDecodeException($"Image file '{fullPath}' could not be decoded in full (SkiaSharp: {decoded}).");
        }

        return SKImage.FromBitmap(bitmap);
    }

    /// <summary>Resizes so the shorter side is <paramref name="size"/> and keeps the centre square, in one draw.</summary>
    private static float[] CropToSquare(SKImage image, int size)
    {
        var scale = (float)size / Math.Min(image.Width, image.Height);
        var width = image.Width * scale;
        var height = image.Height * scale;
        var destination = SKRect.Create((size - width) / 2, (size - height) / 2, width, height);
        var sampling = scale < MipmapBelowScale
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);

        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {size}×{size} raster surface.");
        surface.Canvas.Clear(SKColors.Black);
        using (var paint = new SKPaint())
        {
            surface.Canvas.DrawImage(image, destination, sampling, paint);
        }

        using var pixels = surface.PeekPixels();
        return ToPlanarRgb(pixels.GetPixelSpan(), pixels.RowBytes, size);
    }

    private static float[] ToPlanarRgb(ReadOnlySpan<byte> rgba, int rowBytes, int size)
    {
        var plane = size * size;
        var planar = new float[Channels * plane];
        for (var row = 0; row < size; row++)
        {
            var source = rgba.Slice(row * rowBytes, 4 * size);
            for (var column = 0; column < size; column++)
            {
                var pixel = (row * size) + column;
                planar[pixel] = source[4 * column];
                planar[plane + pixel] = source[(4 * column) + 1];
                planar[(2 * plane) + pixel] = source[(4 * column) + 2];
            }
        }

        return planar;
    }
}

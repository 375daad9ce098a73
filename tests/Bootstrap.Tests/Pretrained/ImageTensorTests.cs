using SkiaSharp;
using Toolkit.Bench.Pretrained;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Pretrained;

public class ImageTensorTests
{
    private const int Size = ImageTensor.DefaultSize;
    private const int Plane = Size * Size;

    // Resampling a flat colour sums filter weights that are 1 only up to float rounding, and the surface stores 8 bits
    // per channel, so a pure 255 or 0 may come back one step off.
    private const float OneStep = 1f;

    private static readonly string Images = Path.Combine(AppContext.BaseDirectory, "data", "images");

    // tests/data/images, copied beside the tests; LICENSES.md there credits each one.
    private static readonly string[] Photographs = ["astronaut.jpg", "cat.jpg", "coffee.jpg", "raccoon.jpg", "retina.jpg", "rocket.jpg"];

    [Fact]
    public void Every_photograph_loads_to_1x3x224x224_within_0_to_255()
    {
        Assert.Equal(Photographs, Directory.GetFiles(Images, "*.jpg").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in Photographs)
        {
            var tensor = ImageTensor.Load(Path.Combine(Images, name));

            Assert.Equal(DataType.Float32, tensor.DataType);
            Assert.Equal([1, 3, Size, Size], tensor.Shape);
            var values = tensor.AsSpan<float>();
            Assert.All(values.ToArray(), value => Assert.InRange(value, 0f, 255f));

            // A photograph spans a good part of the range; a blank or constant plane would mean a failed draw.
            Assert.True(Range(values[..Plane]) > 100, $"{name}: red plane spans only {Range(values[..Plane])}.");
        }
    }

    [Fact]
    public void The_photographs_differ_from_each_other()
    {
        var loaded = Photographs.Select(name => ImageTensor.LoadNchw(Path.Combine(Images, name))).ToArray();
        for (var i = 0; i < loaded.Length; i++)
        {
            for (var j = i + 1; j < loaded.Length; j++)
            {
                var meanAbsoluteDifference = loaded[i].Zip(loaded[j], (a, b) => Math.Abs(a - b)).Average();
                Assert.True(meanAbsoluteDifference > 10, $"{Photographs[i]} and {Photographs[j]} differ by only {meanAbsoluteDifference:F1} on average.");
            }
        }
    }

    [Fact]
    public void A_solid_red_image_is_255_in_channel_0_and_0_in_channels_1_and_2()
    {
        using var file = TempImage.Png(40, 30, canvas => canvas.Clear(SKColors.Red));

        var values = ImageTensor.LoadNchw(file.Path);

        Assert.Equal(3 * Plane, values.Length);
        Assert.All(values[..Plane], value => Assert.InRange(value, 255 - OneStep, 255));
        Assert.All(values[Plane..], value => Assert.InRange(value, 0, OneStep));
    }

    [Fact]
    public void A_wide_image_keeps_its_centre_square()
    {
        // Three equal bands, red, green, blue: the shorter side scales to 224, and the centre square is the green band.
        using var file = TempImage.Png(300, 100, canvas =>
        {
            canvas.Clear(new SKColor(0, 255, 0));
            using var paint = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, 100, 100, paint);
            paint.Color = SKColors.Blue;
            canvas.DrawRect(200, 0, 100, 100, paint);
        });

        var values = ImageTensor.LoadNchw(file.Path);

        // The outermost columns may blend with the neighbouring band through the filter's support; the rest is green.
        for (var row = 0; row < Size; row++)
        {
            for (var column = 4; column < Size - 4; column++)
            {
                var pixel = (row * Size) + column;
                Assert.InRange(values[pixel], 0, OneStep);
                Assert.InRange(values[Plane + pixel], 255 - OneStep, 255);
                Assert.InRange(values[(2 * Plane) + pixel], 0, OneStep);
            }
        }
    }

    [Fact]
    public void Rows_run_top_to_bottom()
    {
        using var file = TempImage.Png(50, 50, canvas =>
        {
            canvas.Clear(SKColors.Blue);
            using var paint = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, 50, 25, paint);
        });

        var values = ImageTensor.LoadNchw(file.Path, 32);

        Assert.Equal(3 * 32 * 32, values.Length);
        Assert.InRange(values[0], 255 - OneStep, 255);
        Assert.InRange(values[(2 * 32 * 32) + (31 * 32)], 255 - OneStep, 255);
        Assert.InRange(values[31 * 32], 0, OneStep);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-image-{Guid.NewGuid():N}.png");

        var error = Assert.Throws<FileNotFoundException>(() => ImageTensor.LoadNchw(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_refused_with_its_name()
    {
        using var file = new TempImage(".png");
        File.WriteAllText(file.Path, "This is a text file, not a PNG.");

        var error = Assert.Throws<ImageDecodeException>(() => ImageTensor.LoadNchw(file.Path));

        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_photograph_is_refused_rather_than_read_half_blank()
    {
        using var file = new TempImage(".jpg");
        var bytes = File.ReadAllBytes(Path.Combine(Images, "cat.jpg"));
        File.WriteAllBytes(file.Path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ImageDecodeException>(() => ImageTensor.LoadNchw(file.Path));

        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTensor.LoadNchw(Path.Combine(Images, "cat.jpg"), 0));
    }

    private static float Range(ReadOnlySpan<float> values)
    {
        var (min, max) = (float.MaxValue, float.MinValue);
        foreach (var value in values)
        {
            (min, max) = (Math.Min(min, value), Math.Max(max, value));
        }

        return max - min;
    }

    /// <summary>A temporary file, deleted on dispose.</summary>
    private sealed class TempImage(string extension) : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"image-tensor-{Guid.NewGuid():N}{extension}");

        public static TempImage Png(int width, int height, Action<SKCanvas> draw)
        {
            var file = new TempImage(".png");
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            draw(surface.Canvas);
            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(file.Path, png.ToArray());
            return file;
        }

        public void Dispose() => File.Delete(Path);
    }
}

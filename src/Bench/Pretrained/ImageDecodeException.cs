namespace Toolkit.Bench.Pretrained;

/// <summary>An image file exists but is not an image SkiaSharp can decode in full; the message names the file and why.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string message)
        : base(message)
    {
    }

    public ImageDecodeException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ImageDecodeException()
    {
    }
}

namespace Toolkit.Serialization.Errors;

/// <summary>
/// The one exception type a decoder throws for bad input. Hosts catch it and answer with their platform's
/// "bad request" shape; subclasses say which kind of problem it was. <see cref="OffsetBytes"/> is where in the
/// payload the problem was found, or -1 when it is not tied to one place.
/// </summary>
public class PayloadException : Exception
{
    public PayloadException()
        : this("The payload is invalid.")
    {
    }

    public PayloadException(string message)
        : this(message, -1)
    {
    }

    public PayloadException(string message, Exception innerException)
        : base(message, innerException) => OffsetBytes = -1;

    public PayloadException(string message, long offsetBytes)
        : base(offsetBytes >= 0 ? $"{message} (at byte {offsetBytes})" : message) => OffsetBytes = offsetBytes;

    /// <summary>Byte offset of the problem in the payload, or -1.</summary>
    public long OffsetBytes { get; }
}

namespace Toolkit.Serialization.Errors;

/// <summary>The payload is larger than the stated limit, so it is refused before it is decoded.</summary>
public sealed class PayloadTooLargeException : PayloadException
{
    public PayloadTooLargeException()
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, long offsetBytes)
        : base(message, offsetBytes)
    {
    }

    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

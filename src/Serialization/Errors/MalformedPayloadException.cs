namespace Toolkit.Serialization.Errors;

/// <summary>The payload is not valid for its format: bad JSON syntax, NaN or Infinity, a number out of range, or truncated or corrupted protobuf.</summary>
public sealed class MalformedPayloadException : PayloadException
{
    public MalformedPayloadException()
    {
    }

    public MalformedPayloadException(string message)
        : base(message)
    {
    }

    public MalformedPayloadException(string message, long offsetBytes)
        : base(message, offsetBytes)
    {
    }

    public MalformedPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

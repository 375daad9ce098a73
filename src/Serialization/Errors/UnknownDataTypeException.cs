namespace Toolkit.Serialization.Errors;

/// <summary>A tensor names a data type this toolkit does not know.</summary>
public sealed class UnknownDataTypeException : PayloadException
{
    public UnknownDataTypeException()
    {
    }

    public UnknownDataTypeException(string message)
        : base(message)
    {
    }

    public UnknownDataTypeException(string message, long offsetBytes)
        : base(message, offsetBytes)
    {
    }

    public UnknownDataTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Toolkit.Serialization.Errors;

/// <summary>A tensor's shape, data length or data type disagree with each other or with what the model expects.</summary>
public sealed class TensorShapeMismatchException : PayloadException
{
    public TensorShapeMismatchException()
    {
    }

    public TensorShapeMismatchException(string message)
        : base(message)
    {
    }

    public TensorShapeMismatchException(string message, long offsetBytes)
        : base(message, offsetBytes)
    {
    }

    public TensorShapeMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

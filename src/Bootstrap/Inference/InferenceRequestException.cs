namespace Toolkit.Bootstrap.Inference;

/// <summary>
/// A request the model cannot take: an unknown input name, a missing input, or a shape or data type that does not
/// fit the model's signature. Hosts answer it with their 400-class error shape; the message names the input, what the
/// model expects and what arrived.
/// </summary>
public class InferenceRequestException : Exception
{
    public InferenceRequestException()
    {
    }

    public InferenceRequestException(string message)
        : base(message)
    {
    }

    public InferenceRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A request for a model this process does not serve; hosts answer 404 (gRPC NOT_FOUND).</summary>
public sealed class ModelNotFoundException : InferenceRequestException
{
    public ModelNotFoundException()
    {
    }

    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    public ModelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

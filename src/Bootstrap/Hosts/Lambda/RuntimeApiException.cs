namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The Runtime API failed: <see cref="IsFatal"/> when it answered 500 (the contract says the runtime must exit
/// promptly), otherwise a dropped connection or a timeout that may pass on a retry.
/// </summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException()
    {
    }

    public RuntimeApiException(string message)
        : base(message)
    {
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RuntimeApiException(string message, bool isFatal, Exception? innerException = null)
        : base(message, innerException) => IsFatal = isFatal;

    public bool IsFatal { get; }
}

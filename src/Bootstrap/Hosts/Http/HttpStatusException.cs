namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>A request refused for an HTTP reason of its own (415 unsupported content type, 406 nothing acceptable, 503 not ready).</summary>
public sealed class HttpStatusException : Exception
{
    public HttpStatusException()
    {
    }

    public HttpStatusException(string message)
        : base(message)
    {
    }

    public HttpStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    public int StatusCode { get; } = 400;
}

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>A host's port and its platform's body limits.</summary>
/// <param name="Port">TCP port; 0 binds an ephemeral one (tests).</param>
/// <param name="MaxRequestBytes">Largest request body the platform delivers.</param>
/// <param name="MaxResponseBytes">Largest response body the platform returns.</param>
public sealed record HttpHostLimits(int Port, long MaxRequestBytes, long MaxResponseBytes)
{
    /// <summary>
    /// The most body bytes one request may send in all: twice the limit. A body refused for its size is read on and
    /// discarded up to here, so that its client, which writes the whole body before it reads, gets to read the 413;
    /// past it the connection is closed (<see cref="RequestBody.DiscardRestAsync"/>).
    /// </summary>
    public long MostBodyBytes => 2 * MaxRequestBytes;

    /// <summary>The longest a refused body is read on before the connection is closed, however fast it comes (nginx's lingering_time).</summary>
    public TimeSpan LingerTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>SageMaker: request and response are each at most 4 MB; AWS's MB are binary (Lambda's "6 MB" is 6 MiB).</summary>
    public static HttpHostLimits SageMaker(int port) => new(port, 4L << 20, 4L << 20);

    /// <summary>Cloud Run: HTTP/1.1 requests and responses are at most 32 MiB; gRPC messages get the same bound.</summary>
    public static HttpHostLimits CloudRun(int port) => new(port, 32L << 20, 32L << 20);
}

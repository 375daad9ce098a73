namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The Lambda Runtime API (2018-06-01) as the host loop sees it, behind an interface so tests can replace it.
/// Every method throws <see cref="RuntimeApiException"/> when the API answers 500 or cannot be reached; the loop
/// decides whether to retry or exit.
/// </summary>
public interface IRuntimeApiClient : IDisposable
{
    /// <summary><c>GET /runtime/invocation/next</c>: blocks until an event arrives.</summary>
    Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /runtime/invocation/{id}/response</c>; Lambda answers 202, or 413 when the body is over its limit.</summary>
    Task<PostOutcome> PostResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken);

    /// <summary><c>POST /runtime/invocation/{id}/error</c>.</summary>
    Task<PostOutcome> PostErrorAsync(string requestId, LambdaError failure, CancellationToken cancellationToken);

    /// <summary><c>POST /runtime/init/error</c>; the runtime exits after it.</summary>
    Task<PostOutcome> PostInitErrorAsync(LambdaError failure, CancellationToken cancellationToken);
}

/// <summary>One event from <c>next</c>: its id, deadline (Unix epoch ms, as Lambda sends it), ARN, trace id and body.</summary>
public sealed record LambdaInvocation(string RequestId, long DeadlineUnixMs, string? FunctionArn, string? TraceId, byte[] Body);

/// <summary>How the Runtime API took a POST.</summary>
public enum PostOutcome
{
    /// <summary>202: accepted.</summary>
    Accepted,

    /// <summary>413: the response is over Lambda's payload limit (6 MB buffered).</summary>
    TooLarge,

    /// <summary>Any other 4xx (an unknown request id, a state the API does not allow); the loop logs it and carries on.</summary>
    Rejected,
}

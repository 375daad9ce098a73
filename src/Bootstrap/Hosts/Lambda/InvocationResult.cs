namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>What one invocation produced: a body for <c>/response</c>, or an error for <c>/error</c>.</summary>
public sealed record InvocationResult(byte[]? Response, LambdaError? Error)
{
    public static InvocationResult Success(byte[] response) => new(response, null);

    public static InvocationResult Failure(string errorType, string message) => new(null, new LambdaError(errorType, message));
}

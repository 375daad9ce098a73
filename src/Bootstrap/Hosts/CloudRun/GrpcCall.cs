using Grpc.Core;
using Toolkit.Bootstrap.Hosts.Http;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>What both gRPC services share: error mapping and the one-time <c>server-timing</c> trailer.</summary>
public sealed class GrpcCall(ModelHolder model, ServerTimingOnce timing, HttpHostLimits limits)
{
    /// <summary>gRPC metadata keys are lower case.</summary>
    public const string ServerTimingKey = "server-timing";

    public ModelHolder Model => model;

    public HttpHostLimits Limits => limits;

    /// <summary>Runs <paramref name="call"/>, turning bad input into its status code.</summary>
    public static async Task<TResponse> RunAsync<TResponse>(Func<Task<TResponse>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw GrpcErrors.ToRpcException(e);
        }
    }

    /// <summary>Runs an inference call; the first one of the process gets the timing trailer.</summary>
    public async Task<TResponse> InferAsync<TResponse>(ServerCallContext context, Func<Task<TResponse>> call)
    {
        var response = await RunAsync(call).ConfigureAwait(false);
        if (timing.TryTake() is { } serverTiming)
        {
            context.ResponseTrailers.Add(ServerTimingKey, serverTiming);
            timing.Report();
        }

        return response;
    }
}

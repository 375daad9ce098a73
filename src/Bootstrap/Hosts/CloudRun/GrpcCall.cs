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

    /// <summary>Runs <paramref name="call"/>, turning bad input into its status code; adds the timing trailer to the
    /// first response after the first inference.</summary>
    public async Task<TResponse> RunAsync<TResponse>(ServerCallContext context, Func<Task<TResponse>> call)
    {
        TResponse response;
        try
        {
            response = await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw GrpcErrors.ToRpcException(e);
        }

        if (timing.TryTake() is { } serverTiming)
        {
            context.ResponseTrailers.Add(ServerTimingKey, serverTiming);
            timing.Report();
        }

        return response;
    }
}

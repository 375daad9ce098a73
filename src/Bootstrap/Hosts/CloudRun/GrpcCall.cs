using Grpc.Core;
using Toolkit.Bootstrap.Hosts.Http;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>
/// What both gRPC services share: error mapping and the <c>server-timing</c> trailer (decode, infer and encode of
/// every inference, <see cref="RequestTiming"/>; the cold-start entries on the process's first).
/// </summary>
public sealed class GrpcCall(ModelHolder model, ServerTimingOnce coldStart, HttpHostLimits limits)
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

    /// <summary>
    /// Runs an inference call, timing its steps into the call's <see cref="RequestTiming"/>; the transport adds the
    /// protobuf parse and write to it and sends the trailer (<see cref="Timing"/>).
    /// </summary>
    public async Task<TResponse> InferAsync<TResponse>(ServerCallContext context, Func<RequestTiming, Task<TResponse>> call)
    {
        var timing = Timing(context);
        var response = await RunAsync(() => call(timing)).ConfigureAwait(false);
        if (coldStart.TryTake() is { } serverTiming)
        {
            timing.ColdStart = serverTiming;
            coldStart.Report();
        }

        return response;
    }

    /// <summary>The call's timing, kept in its user state so the transport and the service share one.</summary>
    public static RequestTiming Timing(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.UserState.TryGetValue(typeof(RequestTiming), out var existing))
        {
            return (RequestTiming)existing;
        }

        var timing = new RequestTiming();
        context.UserState[typeof(RequestTiming)] = timing;
        return timing;
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Serialization.Protos.KServe;
using Toolkit.Serialization.Protos.TensorFlowServing;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>
/// The Cloud Run contract: <c>0.0.0.0:$PORT</c> (default 8080), HTTP/1.1 and h2c on that one port, KServe v2 and
/// TF-Serving over REST and gRPC, 32 MiB bodies. It binds first and loads the model in the background; a request
/// that arrives during the load waits for it.
/// </summary>
public static class CloudRunHost
{
    public static async Task<int> RunAsync(BootstrapOptions options, ColdStartTimeline timeline, CancellationToken cancellationToken = default)
    {
        await using var host = await StartAsync(options, timeline, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <param name="load">Replaces <see cref="ModelLoader.Load"/>; tests use it to hold the load back.</param>
    public static Task<RunningHost> StartAsync(BootstrapOptions options, ColdStartTimeline timeline, Func<InferenceService>? load = null, CancellationToken cancellationToken = default)
    {
        var limits = HttpHostLimits.CloudRun(options.Port);
        var model = new ModelHolder(ModelLoader.ModelName(options.Model));
        var timing = new ServerTimingOnce(timeline, BuildInfo.Describe(options));
        var rest = new CloudRunRest(model, new InferenceEndpoint(model, timing, limits));
        var grpc = new GrpcCall(model, timing, limits);
        var endpoints = new GrpcEndpoints(limits);
        GRPCInferenceService.BindService(endpoints, new KServeGrpcService(grpc));
        PredictionService.BindService(endpoints, new TfServingGrpcService(grpc));
        var server = KestrelHost.Create(limits, HttpProtocols.Http1AndHttp2);
        return RunningHost.StartAsync(server, context => Dispatch(context, rest, endpoints), model, load ?? (() => ModelLoader.Load(options, timeline)), timeline, cancellationToken);
    }

    private static Task Dispatch(HttpContext context, CloudRunRest rest, GrpcEndpoints grpc)
    {
        var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "/");
        if (HttpMethods.IsPost(method) && grpc.TryGet(path, out var call))
        {
            return call(context);
        }

        return rest.Match(method, path) is { } handler
            ? handler(context)
            : HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"No route {path}; Cloud Run serves the KServe v2 and TF-Serving REST paths and their gRPC services.");
    }
}

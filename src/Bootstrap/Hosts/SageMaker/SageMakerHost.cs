using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.SageMaker;

/// <summary>
/// The SageMaker inference container contract: <c>GET /ping</c> (200 only once the model is loaded) and
/// <c>POST /invocations</c> on 8080 or <c>SAGEMAKER_BIND_TO_PORT</c>, HTTP/1.1, 4 MB each way. It binds first and
/// loads the model in the background, so the platform's connection check passes within milliseconds. No routing
/// services: two paths do not need them.
/// </summary>
public static class SageMakerHost
{
    public static async Task<int> RunAsync(BootstrapOptions options, ColdStartTimeline timeline, CancellationToken cancellationToken = default)
    {
        await using var host = await StartAsync(options, timeline, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <param name="load">Replaces <see cref="ModelLoader.Load"/>; tests use it to hold the load back.</param>
    public static Task<RunningHost> StartAsync(BootstrapOptions options, ColdStartTimeline timeline, Func<InferenceService>? load = null, CancellationToken cancellationToken = default)
    {
        var limits = HttpHostLimits.SageMaker(options.Port);
        var model = new ModelHolder(ModelLoader.ModelName(options.Model));
        var invocations = new InferenceEndpoint(model, new ServerTimingOnce(timeline, BuildInfo.Describe(options)), limits);
        var server = KestrelHost.Create(limits, HttpProtocols.Http1);
        return RunningHost.StartAsync(server, context => Dispatch(context, model, invocations), model, load ?? (() => ModelLoader.Load(options, timeline)), timeline, cancellationToken);
    }

    private static Task Dispatch(HttpContext context, ModelHolder model, InferenceEndpoint invocations)
    {
        var path = context.Request.Path.Value;
        var method = context.Request.Method;
        return (path, method) switch
        {
            ("/ping", "GET" or "HEAD") => Ping(context, model),
            ("/invocations", "POST") => invocations.HandleAsync(context, pathModelName: null, Pick),
            ("/ping" or "/invocations", _) => HttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, $"{path} does not take {method}."),
            _ => HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"No route {path}; SageMaker serves GET /ping and POST /invocations."),
        };
    }

    private static IWireFormat Pick(HttpRequest request, bool hasHeaderLength, ReadOnlySpan<byte> body) =>
        ContentNegotiation.RequestFormat(request.ContentType, hasHeaderLength, body);

    private static Task Ping(HttpContext context, ModelHolder model)
    {
        if (model.IsReady)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        }

        var reason = model.Loaded.IsFaulted ? "failed to load" : "is still loading";
        return HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"The model '{model.ModelName}' {reason}.");
    }
}

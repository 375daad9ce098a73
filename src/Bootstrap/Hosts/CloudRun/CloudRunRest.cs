using Microsoft.AspNetCore.Http;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Inference;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>
/// Cloud Run's REST routes: KServe v2 health, metadata and infer (JSON or the binary extension) and TF-Serving
/// predict (JSON). Six fixed shapes need no routing services (each service is start-up time): <see cref="Match"/>
/// reads the path by its segments, matching literals case-insensitively as ASP.NET Core routing does.
/// </summary>
public sealed class CloudRunRest(ModelHolder model, InferenceEndpoint inference)
{
    /// <summary>TF-Serving's verb, written after the model name in the last segment: <c>/v1/models/{name}:predict</c>.</summary>
    private const string Predict = ":predict";

    /// <summary>The handler for <paramref name="path"/>, null when no route has that path. A known path asked with
    /// another method answers 405.</summary>
    public RequestDelegate? Match(string method, string path)
    {
        var (route, name) = Parse(path);
        var (expected, handler) = route switch
        {
            Route.Live => (HttpMethods.Get, (RequestDelegate)(context => Status(context, 200))),
            Route.Ready => (HttpMethods.Get, Ready),
            Route.ModelReady => (HttpMethods.Get, context => ModelReady(context, name)),
            Route.Metadata => (HttpMethods.Get, context => Metadata(context, model, name)),
            Route.Infer => (HttpMethods.Post, context => inference.HandleAsync(context, name, PickKServe)),
            Route.Predict => (HttpMethods.Post, context => inference.HandleAsync(context, name, PickTfServing)),
            _ => (null, null),
        };
        if (expected is null || handler is null)
        {
            return null;
        }

        return HttpMethods.Equals(method, expected)
            ? handler
            : context => HttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, $"{path} takes {expected}, not {method}.");
    }

    private enum Route
    {
        None,
        Live,
        Ready,
        ModelReady,
        Metadata,
        Infer,
        Predict,
    }

    private static (Route Route, string? Name) Parse(string path)
    {
        // Routing ignores one trailing slash. Segments: "", version, "health" or "models", name, action.
        var segments = path.TrimEnd('/').Split('/');
        if (segments.Length is < 4 or > 5 || segments[0].Length != 0 || segments[3].Length == 0)
        {
            return (Route.None, null);
        }

        var (name, action) = (segments[3], segments.Length == 5 ? segments[4] : null);
        return (Is(segments[1], "v2"), Is(segments[2], "health"), Is(segments[2], "models")) switch
        {
            (true, true, _) when action is null && Is(name, "live") => (Route.Live, null),
            (true, true, _) when action is null && Is(name, "ready") => (Route.Ready, null),
            (true, _, true) when action is null => (Route.Metadata, name),
            (true, _, true) when Is(action, "ready") => (Route.ModelReady, name),
            (true, _, true) when Is(action, "infer") => (Route.Infer, name),
            (false, _, true) when Is(segments[1], "v1") && action is null && name.Length > Predict.Length && name.EndsWith(Predict, StringComparison.OrdinalIgnoreCase)
                => (Route.Predict, name[..^Predict.Length]),
            _ => (Route.None, null),
        };
    }

    private static bool Is(string? segment, string literal) => string.Equals(segment, literal, StringComparison.OrdinalIgnoreCase);

    private static IWireFormat PickKServe(HttpRequest request, bool hasHeaderLength, ReadOnlySpan<byte> body) =>
        hasHeaderLength ? ContentNegotiation.KServeBinary : ContentNegotiation.MediaType(request.ContentType) switch
        {
            "" or ContentNegotiation.Json => ContentNegotiation.KServeJson,
            ContentNegotiation.OctetStream => ContentNegotiation.KServeBinary,
            var other => throw ContentNegotiation.Unsupported(other, $"{ContentNegotiation.Json} or {ContentNegotiation.OctetStream} with {KServeBinaryFormat.HeaderLengthName}"),
        };

    private static IWireFormat PickTfServing(HttpRequest request, bool hasHeaderLength, ReadOnlySpan<byte> body) =>
        ContentNegotiation.MediaType(request.ContentType) switch
        {
            "" or ContentNegotiation.Json => ContentNegotiation.TfServingJson,
            var other => throw ContentNegotiation.Unsupported(other, ContentNegotiation.Json),
        };

    private Task ModelReady(HttpContext context, string? name)
    {
        try
        {
            model.RequireModel(name);
        }
        catch (ModelNotFoundException e)
        {
            return HttpErrors.WriteAsync(context, e);
        }

        return Ready(context);
    }

    private Task Ready(HttpContext context) => model.IsReady ? Status(context, 200) : NotReady(context, model);

    private static async Task Metadata(HttpContext context, ModelHolder model, string? name)
    {
        try
        {
            model.RequireModel(name);
            var service = await model.GetAsync().ConfigureAwait(false);
            context.Response.ContentType = ContentNegotiation.Json;
            await context.Response.Body.WriteAsync(ModelMetadataJson.Write(service), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await HttpErrors.WriteAsync(context, e).ConfigureAwait(false);
        }
    }

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task NotReady(HttpContext context, ModelHolder model) =>
        HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"The model '{model.ModelName}' is {(model.Loaded.IsFaulted ? "not loadable" : "still loading")}.");
}

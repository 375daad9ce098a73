using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>
/// Cloud Run's REST routes: KServe v2 health, metadata and infer (JSON or the binary extension) and TF-Serving
/// predict (JSON). Handlers are plain <see cref="RequestDelegate"/>s, which need no request-delegate generator under
/// Native AOT.
/// </summary>
public static class CloudRunRest
{
    public static void Map(IEndpointRouteBuilder routes, ModelHolder model, InferenceEndpoint inference)
    {
        routes.MapGet("/v2/health/live", context => Status(context, 200));
        routes.MapGet("/v2/health/ready", context => model.IsReady ? Status(context, 200) : NotReady(context, model));
        routes.MapGet("/v2/models/{name}/ready", context =>
        {
            model.RequireModel(Name(context));
            return model.IsReady ? Status(context, 200) : NotReady(context, model);
        });
        routes.MapGet("/v2/models/{name}", context => Metadata(context, model));
        routes.MapPost("/v2/models/{name}/infer", context => inference.HandleAsync(context, Name(context), PickKServe));
        routes.MapPost("/v1/models/{name}:predict", context => inference.HandleAsync(context, Name(context), PickTfServing));
    }

    private static string? Name(HttpContext context) => context.Request.RouteValues["name"] as string;

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

    private static async Task Metadata(HttpContext context, ModelHolder model)
    {
        try
        {
            model.RequireModel(Name(context));
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

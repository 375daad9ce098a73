using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Toolkit.Bench.Lambda.Internal;

namespace Toolkit.Bench.Lambda;

/// <summary>
/// A Lambda Function URL in front of a <see cref="RuntimeApiEmulator"/>, on loopback: every HTTP request, whatever its
/// method and path, becomes a payload-format-2.0 event (<see cref="FunctionUrlEvent"/>) that the waiting bootstrap takes
/// through <c>/2018-06-01/runtime/invocation/next</c>, and the bootstrap's answer becomes the HTTP response
/// (<see cref="FunctionUrlResponse"/>). A function error gives 502, and an event over Lambda's 6 MiB invoke payload
/// limit gives 413, as a Function URL does. Lambda would run concurrent requests on more instances; here they queue for
/// the one bootstrap.
/// </summary>
public sealed class FunctionUrlFront : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RuntimeApiEmulator emulator;

    private FunctionUrlFront(WebApplication app, RuntimeApiEmulator emulator)
    {
        this.app = app;
        this.emulator = emulator;
    }

    /// <summary>The Function URL, <c>http://127.0.0.1:port/</c>: what <c>protocols --target URL --platform lambda-url</c> takes.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Serves the Function URL on <paramref name="port"/> (0: a free port) for the function behind <paramref name="emulator"/>.</summary>
    public static async Task<FunctionUrlFront> StartAsync(RuntimeApiEmulator emulator, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, options => listen = options);
            // The 413 for an oversized event comes from the front (below), not from Kestrel's default 30 MB limit.
            kestrel.Limits.MaxRequestBodySize = 64L << 20;
        });
        var front = new FunctionUrlFront(builder.Build(), emulator);
        front.app.Run(front.HandleAsync);
        await front.app.StartAsync().ConfigureAwait(false);
        front.Address = new Uri($"http://127.0.0.1:{listen!.IPEndPoint!.Port}/");
        return front;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var requestId = Guid.NewGuid().ToString("D");
        var eventBody = FunctionUrlEvent.Write(context.Request, buffer.ToArray(), requestId, DateTimeOffset.UtcNow);
        if (eventBody.Length > RuntimeApiEmulator.MaxResponseBytes)
        {
            await WriteAsync(context, new FunctionUrlResponse(413, [new("content-type", FunctionUrlResponse.Json)], [],
                System.Text.Encoding.UTF8.GetBytes($"{{\"Message\":\"Request must be smaller than {RuntimeApiEmulator.MaxResponseBytes} bytes for the InvokeFunction operation\"}}"))).ConfigureAwait(false);
            return;
        }

        var result = await emulator.InvokeAsync(eventBody, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await WriteAsync(context, result.IsError ? FunctionUrlResponse.BadGateway : FunctionUrlResponse.From(result.Body)).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, FunctionUrlResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        foreach (var cookie in response.Cookies)
        {
            context.Response.Headers.Append("set-cookie", cookie);
        }

        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}

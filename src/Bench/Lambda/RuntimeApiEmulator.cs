using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Toolkit.Bench.Lambda;

/// <summary>
/// A local Lambda Runtime API (2018-06-01) for one bootstrap process, on loopback, plus the emulator-style invoke
/// endpoint <c>POST /2015-03-31/functions/function/invocations</c>: an invoke queues the event, the bootstrap takes it
/// with <c>next</c>, and the invoke returns what the bootstrap posts to <c>response</c> (200) or <c>error</c> (200 with
/// <c>X-Amz-Function-Error: Unhandled</c>, as Lambda's Invoke API does). <see cref="Faults"/> injects failures.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    /// <summary>The emulator convention's invoke port.</summary>
    public const int DefaultInvokePort = 8080;

    public const string InvokePath = "/2015-03-31/functions/function/invocations";

    /// <summary>Lambda's buffered response limit, as its 413 message counts it.</summary>
    public const int MaxResponseBytes = 6 << 20;

    private const string Runtime = "/2018-06-01/runtime";
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorResult> initErrors = new();
    private readonly WebApplication app;
    private int nextCalls;
    private long requestCounter;

    private RuntimeApiEmulator(WebApplication app) => this.app = app;

    public EmulatorFaults Faults { get; } = new();

    /// <summary>The value for the bootstrap's <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c>.</summary>
    public string RuntimeApiAddress { get; private set; } = "";

    public Uri InvokeUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>How many <c>next</c> calls arrived, including failed ones: tests use it to see that a loop does not spin.</summary>
    public int NextCalls => Volatile.Read(ref nextCalls);

    public IReadOnlyCollection<EmulatorResult> InitErrors => initErrors;

    /// <summary>Starts the emulator: the Runtime API on a free loopback port, the invoke endpoint on <paramref name="invokePort"/> (0: a free port).</summary>
    public static async Task<RuntimeApiEmulator> StartAsync(int invokePort = DefaultInvokePort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? runtimeListen = null, invokeListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => runtimeListen = listen);
            kestrel.Listen(IPAddress.Loopback, invokePort, listen => invokeListen = listen);
            // An event or a response can reach Lambda's 6 MiB limit and more, so 413s come from the emulator, not Kestrel.
            kestrel.Limits.MaxRequestBodySize = 64L << 20;
        });
        var emulator = new RuntimeApiEmulator(builder.Build());
        emulator.Map();
        await emulator.app.StartAsync().ConfigureAwait(false);
        // Kestrel writes the bound endpoints (with the ports it chose for 0) back into the listen options.
        emulator.RuntimeApiAddress = $"127.0.0.1:{runtimeListen!.IPEndPoint!.Port}";
        emulator.InvokeUri = new Uri($"http://127.0.0.1:{invokeListen!.IPEndPoint!.Port}{InvokePath}");
        return emulator;
    }

    /// <summary>Queues one event and waits for the function's answer.</summary>
    public async Task<EmulatorResult> InvokeAsync(byte[] eventBody, CancellationToken cancellationToken = default)
    {
        var id = $"req-{Interlocked.Increment(ref requestCounter):D6}";
        var pending = new Pending(id, eventBody, new TaskCompletionSource<EmulatorResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map()
    {
        app.MapGet($"{Runtime}/invocation/next", NextAsync);
        app.MapPost($"{Runtime}/invocation/{{id}}/response", ResponseAsync);
        app.MapPost($"{Runtime}/invocation/{{id}}/error", ErrorAsync);
        app.MapPost($"{Runtime}/init/error", InitErrorAsync);
        app.MapPost(InvokePath, InvokeEndpointAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        Interlocked.Increment(ref nextCalls);
        if (Faults.TakeNextDrop())
        {
            context.Abort();
            return;
        }

        if (Faults.TakeNextFailure())
        {
            await WriteErrorAsync(context, Faults.NextFailureStatus, "ServiceException", "Injected failure of invocation/next.").ConfigureAwait(false);
            return;
        }

        var pending = await queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        if (Faults.NextDelay > TimeSpan.Zero)
        {
            await Task.Delay(Faults.NextDelay, context.RequestAborted).ConfigureAwait(false);
        }

        inFlight[pending.RequestId] = pending;
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = (DateTimeOffset.UtcNow + Faults.DeadlineOffset).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:function";
        headers["Lambda-Runtime-Trace-Id"] = $"Root=1-00000000-{pending.RequestId}";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(pending.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ResponseAsync(HttpContext context)
    {
        if (Faults.ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(Faults.ResponseDelay, context.RequestAborted).ConfigureAwait(false);
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!inFlight.TryGetValue(RequestId(context), out var pending))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", $"No invocation '{RequestId(context)}' is in flight.").ConfigureAwait(false);
            return;
        }

        if (Faults.TakeResponseTooLarge() || body.Length > MaxResponseBytes)
        {
            // The invocation stays in flight: the runtime is expected to report the failure on /error.
            await WriteErrorAsync(context, 413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({MaxResponseBytes} bytes).").ConfigureAwait(false);
            return;
        }

        Complete(pending, new EmulatorResult(pending.RequestId, body, ErrorType: null));
        context.Response.StatusCode = 202;
    }

    private async Task ErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!inFlight.TryGetValue(RequestId(context), out var pending))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", $"No invocation '{RequestId(context)}' is in flight.").ConfigureAwait(false);
            return;
        }

        Complete(pending, new EmulatorResult(pending.RequestId, body, ErrorTypeOf(context, body)));
        context.Response.StatusCode = 202;
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var error = new EmulatorResult("init", body, ErrorTypeOf(context, body));
        initErrors.Enqueue(error);
        // Lambda answers the invocations waiting on a failed init with the init error.
        while (queue.Reader.TryRead(out var waiting))
        {
            waiting.Answer.TrySetResult(error with { RequestId = waiting.RequestId });
        }

        context.Response.StatusCode = 202;
    }

    private async Task InvokeEndpointAsync(HttpContext context)
    {
        var result = await InvokeAsync(await ReadBodyAsync(context).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
        if (result.IsError)
        {
            context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(result.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private void Complete(Pending pending, EmulatorResult result)
    {
        inFlight.TryRemove(pending.RequestId, out _);
        pending.Answer.TrySetResult(result);
    }

    private static string RequestId(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static string ErrorTypeOf(HttpContext context, byte[] body) =>
        context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault() is { Length: > 0 } header
            ? header
            : Toolkit.Bootstrap.Hosts.Lambda.LambdaError.Parse(body).ErrorType;

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(new Toolkit.Bootstrap.Hosts.Lambda.LambdaError(errorType, message).ToJson(), context.RequestAborted).AsTask();
    }

    private sealed record Pending(string RequestId, byte[] Body, TaskCompletionSource<EmulatorResult> Answer);
}

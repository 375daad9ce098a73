using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Toolkit.Bench.Lambda;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bench.ColdStart;

/// <summary>Starts one fresh bootstrap process, sends it the first request as soon as it accepts one, and times it.</summary>
public static class ColdStartProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <param name="emulator">The Runtime API the Lambda host talks to; unused by the HTTP hosts.</param>
    /// <exception cref="InvalidOperationException">The process exited or answered with an error instead of a response.</exception>
    public static Task<ColdStartSample> RunAsync(BootstrapBuild build, string host, string engine, FirstRequest request, string modelDirectory, RuntimeApiEmulator emulator, CancellationToken cancellationToken) =>
        RunAsync(build, host, engine, request, modelDirectory, emulator, BootstrapLaunch.Plain, cancellationToken);

    /// <param name="emulator">The Runtime API the Lambda host talks to; null for the HTTP hosts, which do not use it.</param>
    /// <param name="launch">Extra variables and a launcher (a CPU limit, say) for the started process.</param>
    /// <exception cref="InvalidOperationException">The process exited or answered with an error instead of a response.</exception>
    public static async Task<ColdStartSample> RunAsync(BootstrapBuild build, string host, string engine, FirstRequest request, string modelDirectory, RuntimeApiEmulator? emulator, BootstrapLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (host == "lambda" && emulator is null)
        {
            throw new ArgumentException("The Lambda host needs a Runtime API emulator; received none.", nameof(emulator));
        }

        var port = LoopbackPort.Free();
        var environment = Environment(request.Model, engine, modelDirectory, port);
        if (host == "lambda")
        {
            environment["AWS_LAMBDA_RUNTIME_API"] = emulator!.RuntimeApiAddress;
        }

        using var child = BootstrapProcess.Start(build.Program, Arguments(host), launch.Merge(build.StartVariables(environment)), launch.Launcher);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        if (host == "lambda")
        {
            var result = await emulator!.InvokeAsync(request.ProxyEvent(), timeout.Token).ConfigureAwait(false);
            if (result.IsError)
            {
                throw new InvalidOperationException($"The {build.Name} Lambda bootstrap answered {result.ErrorType}: {result.BodyText}");
            }
        }
        else
        {
            await SendWhenListeningAsync(child, request, new Uri($"http://127.0.0.1:{port}"), host, timeout.Token).ConfigureAwait(false);
        }

        var respondedMs = NowMs();
        var line = await child.ColdStartLineAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return ColdStartSample.From(line, child.SpawnMs, respondedMs);
    }

    /// <summary>The bootstrap's command line for <paramref name="host"/>: SageMaker starts containers with <c>serve</c>.</summary>
    public static string[] Arguments(string host) => host == "sagemaker" ? ["serve", "--host", host] : ["--host", host];

    /// <summary>The variables every host reads: the model, the engine, where the model is, and the port to serve on.</summary>
    public static Dictionary<string, string> Environment(string model, string engine, string modelDirectory, int port) => new()
    {
        ["TOOLKIT_MODEL"] = model,
        ["TOOLKIT_ENGINE"] = engine,
        ["TOOLKIT_MODEL_DIR"] = modelDirectory,
        ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SAGEMAKER_BIND_TO_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Retries the request every millisecond while the port refuses connections, as a load balancer would.</summary>
    /// <returns>The response body and its <c>Inference-Header-Content-Length</c>, if it has one.</returns>
    internal static async Task<(byte[] Body, int? HeaderLengthBytes)> SendWhenListeningAsync(BootstrapProcess child, FirstRequest request, Uri baseAddress, string host, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero });
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (child.HasExited)
            {
                throw new InvalidOperationException($"The bootstrap exited before answering: {string.Join(" | ", child.StandardOutput)}");
            }

            try
            {
                using var message = request.HttpRequest(baseAddress, host);
                using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"The bootstrap answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                }

                return (body, response.Headers.TryGetValues(KServeBinaryFormat.HeaderLengthName, out var values) && int.TryParse(values.First(), CultureInfo.InvariantCulture, out var length) ? length : null);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static double NowMs() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
}

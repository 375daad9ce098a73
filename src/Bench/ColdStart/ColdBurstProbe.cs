using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Toolkit.Bench.Lambda;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// The paper's cold burst: 40 concurrent requests reach a process that has only just been spawned (the paper saw about
/// half of Cloud Run's fail). The requests are taken at spawn and held the way Cloud Run's and SageMaker's front ends
/// hold them: until the instance's port accepts a TCP connection (Cloud Run's default startup probe), then all are
/// forwarded at once, each on its own connection. From then on nothing is retried: a refused or reset connection, an
/// error status, or no answer within <see cref="Deadline"/> of the spawn counts as failed. Latency is spawn → response,
/// since every request arrived at the spawn. HTTP hosts only: Lambda gives each concurrent request its own sandbox, so
/// a burst never queues on one Lambda process.
/// </summary>
public static class ColdBurstProbe
{
    /// <summary>The paper's burst size.</summary>
    public const int DefaultRequests = 40;

    /// <summary>
    /// How long a request may take from the spawn. Far above any start seen here (JIT, the slowest, takes under 1 s) so
    /// a failure means a dropped request, not a slow machine, and well under Cloud Run's 300 s request timeout.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>How often the front end probes the port: 1 ms, the resolution the cold-start probe also retries at.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(1);

    public static bool Supports(string host) => host is "cloudrun" or "sagemaker";

    /// <exception cref="ArgumentException"><paramref name="host"/> is not an HTTP host.</exception>
    public static async Task<ColdBurstResult> RunAsync(BootstrapBuild build, string host, string engine, FirstRequest request, string modelDirectory, int requests, CancellationToken cancellationToken)
    {
        if (!Supports(host))
        {
            throw new ArgumentException($"The cold burst needs an HTTP host (cloudrun or sagemaker); received '{host}'.", nameof(host));
        }

        var port = LoopbackPort.Free();
        using var child = BootstrapProcess.Start(build.Program, ColdStartProbe.Arguments(host), build.StartVariables(ColdStartProbe.Environment(request.Model, engine, modelDirectory, port)));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var failures = new ConcurrentQueue<string>();
        // One connection per request, as a front end fanning a burst out to a new instance opens them.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = requests, PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        if (!await WaitUntilListeningAsync(child, port, deadline.Token).ConfigureAwait(false))
        {
            return new ColdBurstResult(requests, requests, [], [$"the process never listened: {string.Join(" | ", child.StandardOutput.TakeLast(3))}"]);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var latencies = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => SendAsync(client, request, baseAddress, host, child.SpawnMs, failures, deadline.Token))).ConfigureAwait(false);
        var answered = latencies.Where(l => l is not null).Select(l => l!.Value).ToList();
        return new ColdBurstResult(requests, requests - answered.Count, answered, [.. failures.Distinct(StringComparer.Ordinal).Take(5)]);
    }

    /// <summary>The front end's startup probe: a TCP connect every millisecond until one succeeds.</summary>
    private static async Task<bool> WaitUntilListeningAsync(BootstrapProcess child, int port, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !child.HasExited)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                await Task.Delay(ProbeInterval, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <returns>Spawn → response in ms, or null when the request failed (its reason is queued).</returns>
    private static async Task<double?> SendAsync(HttpClient client, FirstRequest request, Uri baseAddress, string host, double spawnMs, ConcurrentQueue<string> failures, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request.HttpRequest(baseAddress, host);
            using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency - spawnMs;
            }

            failures.Enqueue($"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException)
        {
            // The deadline (or the user's cancel, which the experiment rethrows after the burst).
            failures.Enqueue($"no answer within {Deadline.TotalSeconds:F0} s of the spawn");
        }
        catch (HttpRequestException e)
        {
            failures.Enqueue($"{e.HttpRequestError}: {e.InnerException?.Message ?? e.Message}");
        }

        return null;
    }
}

using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Lambda;
using Toolkit.Bench.Protocols;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// One serving instance as a platform runs it: a Cloud Run bootstrap process (<see cref="ProtocolServer"/>) under a
/// <see cref="CpuLimit"/> with <c>TOOLKIT_THREADS</c> set to the cores it gets, and a client that sends it the model's
/// request over REST in the KServe binary extension (the cheapest HTTP format, so latency is the model's, not JSON's).
/// </summary>
public sealed class ScalingInstance : IDisposable
{
    private static readonly ProtocolFormat Format = ProtocolFormat.Get("kserve_binary");

    // Warm-up before any timed request. Under the JIT (with dynamic PGO) a method called once per request reaches
    // optimized code only after two rounds of 30 calls, each followed by a 100 ms delay: with the former 2-5 warm-up
    // requests the first timed burst of a fresh instance ran at about half speed (45-60 ms against 20-27 ms per
    // request for MobileNetV1 in the later bursts); with 40, 2_1_1 and 1_8_1 still ran their first burst 30-40% slower,
    // with 100 they did not. 100 is 2-3 s for MobileNetV1. The
    // AOT build has no tiers; a few requests fault in its buffers.
    private const int JitWarmupRequests = 100;
    private const int AotWarmupRequests = 5;

    private readonly CpuLimitGroup group;
    private readonly ProtocolServer server;
    private readonly ProtocolClient client;
    private readonly InferenceMessage request;

    private readonly int warmupRequests;

    private ScalingInstance(CpuLimitGroup group, ProtocolServer server, int threads, int warmupRequests)
    {
        this.warmupRequests = warmupRequests;
        this.group = group;
        this.server = server;
        Threads = threads;
        client = new ProtocolClient(server.Address, server.ModelName, server.Outputs);
        request = ProtocolRequest.For(server.ModelName, server.Inputs);
    }

    public CpuLimit Limit => group.Limit;

    /// <summary>What enforces this instance's quota (<see cref="CpuLimitGroup.QuotaMechanism"/>).</summary>
    public string? QuotaMechanism => group.QuotaMechanism;

    public int Threads { get; }

    /// <summary>The CFS bandwidth statistics of this instance's quota group (<c>nr_throttled</c>, <c>throttled_usec</c>; empty when pinned only).</summary>
    public IReadOnlyDictionary<string, long> CpuStat => group.CpuStat;

    /// <summary>The launch (variables and CPU-limiting launcher) a fresh process with this instance's limit gets.</summary>
    public static BootstrapLaunch Launch(CpuLimitGroup group, int threads, string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new BootstrapLaunch(
            new Dictionary<string, string>
            {
                ["TOOLKIT_THREADS"] = threads.ToString(CultureInfo.InvariantCulture),
                ["TOOLKIT_MODEL_DIR"] = modelDirectory,
            },
            group.Launcher);
    }

    /// <exception cref="CpuLimitUnavailableException">The limit cannot be enforced here.</exception>
    /// <exception cref="InvalidOperationException">The bootstrap did not become ready.</exception>
    public static async Task<ScalingInstance> StartAsync(BootstrapBuild build, string model, string engine, CpuLimit limit, int threads, CancellationToken cancellationToken)
    {
        var group = CpuLimitGroup.Create(limit);
        try
        {
            var server = await ProtocolServer.StartAsync(build, model, engine, Launch(group, threads, StagedModel.For(model)), cancellationToken).ConfigureAwait(false);
            return new ScalingInstance(group, server, threads, build == BootstrapBuild.Aot ? AotWarmupRequests : JitWarmupRequests);
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>One request; a failure comes back as a failed sample.</summary>
    public Task<ProtocolSample> SendAsync(CancellationToken cancellationToken) => client.SendAsync(Format, request, cancellationToken);

    /// <summary>Requests one after another until the JIT has optimized the request path (see <see cref="JitWarmupRequests"/>).</summary>
    /// <exception cref="InvalidOperationException">A request failed.</exception>
    public Task WarmUpAsync(CancellationToken cancellationToken) => SendSequentiallyAsync(warmupRequests, cancellationToken);

    /// <summary>
    /// As <see cref="WarmUpAsync(CancellationToken)"/>, but done once <paramref name="budget"/> has passed and at
    /// least <see cref="AotWarmupRequests"/> requests were sent: a model of seconds per request calls each kernel method
    /// dozens of times within one request, so its code is optimized after a few.
    /// </summary>
    /// <exception cref="InvalidOperationException">A request failed.</exception>
    public async Task WarmUpAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var sent = 0; sent < warmupRequests && (sent < AotWarmupRequests || clock.Elapsed < budget); sent++)
        {
            await SendSequentiallyAsync(1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><paramref name="count"/> requests one after another (warm-up or a service-time profile).</summary>
    /// <exception cref="InvalidOperationException">A request failed.</exception>
    public async Task<List<ProtocolSample>> SendSequentiallyAsync(int count, CancellationToken cancellationToken)
    {
        var samples = new List<ProtocolSample>(count);
        for (var i = 0; i < count; i++)
        {
            var sample = await SendAsync(cancellationToken).ConfigureAwait(false);
            samples.Add(sample.Failed ? throw new InvalidOperationException($"A request to the instance with {Limit} failed: {sample.Error}") : sample);
        }

        return samples;
    }

    public void Dispose()
    {
        client.Dispose();
        server.Dispose();
        group.Dispose();
    }
}

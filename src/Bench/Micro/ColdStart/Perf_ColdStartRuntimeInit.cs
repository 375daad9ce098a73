using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bench.Micro.ColdStart;

/// <summary>
/// The runtime_init phase in isolation, each benchmark the first call in a fresh process (<see cref="ColdStartJob"/>):
/// building the bootstraps' hand-made Kestrel server (<see cref="KestrelHost"/>), binding it (SageMaker's HTTP/1.1 and
/// Cloud Run's HTTP/1.1 + h2c), and setting up the Lambda Runtime API client. Run with
/// <c>micro --filter '*ColdStart*'</c>.
/// </summary>
[Config(typeof(ColdStartJob))]
[BenchmarkCategory(Categories.ColdStart)]
public class Perf_ColdStartRuntimeInit
{
    // Typed object, not the disposable types: BenchmarkDotNet derives from benchmark classes, so they stay unsealed and
    // cannot own disposable fields without the full dispose pattern; each iteration's cleanup disposes them.
    private object? server;
    private object? client;

    [IterationCleanup]
    public void Cleanup()
    {
        if (server is KestrelServer kestrel)
        {
            kestrel.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            kestrel.Dispose();
        }

        server = null;
        (client as IDisposable)?.Dispose();
        client = null;
    }

    [Benchmark]
    public object KestrelConstruct()
    {
        server = KestrelHost.Create(HttpHostLimits.SageMaker(0), HttpProtocols.Http1);
        return server;
    }

    [Benchmark]
    public int KestrelConstructAndStartHttp1() => Start(HttpHostLimits.SageMaker(0), HttpProtocols.Http1);

    [Benchmark]
    public int KestrelConstructAndStartHttp1AndH2c() => Start(HttpHostLimits.CloudRun(0), HttpProtocols.Http1AndHttp2);

    /// <summary>The client only: its first <c>next</c> waits for an event, which is the platform's time, not ours.</summary>
    [Benchmark]
    public object RuntimeApiClientSetUp()
    {
        client = new RuntimeApiClient("127.0.0.1:9001", RuntimeApiClient.DefaultPostTimeout);
        return client;
    }

    private int Start(HttpHostLimits limits, HttpProtocols protocols)
    {
        var kestrel = KestrelHost.Create(limits, protocols);
        server = kestrel;
        return KestrelHost.StartAsync(kestrel, context => Task.CompletedTask, new ColdStartTimeline(), CancellationToken.None).GetAwaiter().GetResult();
    }
}

using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts.CloudRun;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Hosts.SageMaker;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels;

namespace Toolkit.Bootstrap.Tests.Hosts.Infrastructure;

/// <summary>Starts a host in-process on an ephemeral loopback port, with clients for it.</summary>
public sealed class HostHarness : IAsyncDisposable
{
    private HostHarness(RunningHost host, ColdStartTimeline timeline)
    {
        Host = host;
        Timeline = timeline;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}") };
    }

    public RunningHost Host { get; }

    public ColdStartTimeline Timeline { get; }

    public HttpClient Http { get; }

    public Uri Address => Http.BaseAddress!;

    public static BootstrapOptions Options(HostKind kind, string model, string modelDirectory) =>
        new(kind, model, EngineKind.Kernels, modelDirectory, Isa.Best, Threads: 1, Port: 0, Info: false, LambdaRuntimeApi: null);

    public static async Task<HostHarness> StartAsync(HostKind kind, string model, string modelDirectory, Func<InferenceService>? load = null)
    {
        var options = Options(kind, model, modelDirectory);
        var timeline = ColdStartTimeline.StartAtMain();
        var host = kind == HostKind.SageMaker
            ? await SageMakerHost.StartAsync(options, timeline, load)
            : await CloudRunHost.StartAsync(options, timeline, load);
        return new HostHarness(host, timeline);
    }

    /// <summary>Starts a host on the tiny model and waits for it to load.</summary>
    public static async Task<HostHarness> StartTinyAsync(HostKind kind, TinyModel model)
    {
        var harness = await StartAsync(kind, TinyModel.Name + ".tkm", model.Directory);
        await harness.Host.Model.Loaded;
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

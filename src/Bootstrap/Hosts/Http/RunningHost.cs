using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Http;

/// <summary>A started HTTP host: its bound port, its model, and a way to stop it (tests run hosts in-process).</summary>
public sealed class RunningHost(KestrelServer server, ModelHolder model, int port) : IAsyncDisposable
{
    public int Port => port;

    public ModelHolder Model => model;

    /// <summary>Serves until <paramref name="cancellationToken"/> fires; returns 1 when the model fails to load.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
        var finished = await Task.WhenAny(model.Loaded, stopped).ConfigureAwait(false);
        if (finished == model.Loaded && model.Loaded.IsFaulted)
        {
            await Console.Error.WriteLineAsync($"bootstrap: the model '{model.ModelName}' failed to load: {model.Loaded.Exception?.InnerException?.Message}").ConfigureAwait(false);
            return 1;
        }

        await stopped.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        server.Dispose();
        // A load still running finishes in the background; its service is then never disposed, which only a test
        // that stops mid-load can see.
        model.Dispose();
    }

    /// <summary>
    /// Starts the model load in the background, then binds, as both HTTP hosts do: the load (mapping the model and compiling
    /// its plan) runs on one core while Kestrel starts on the other, so neither waits for the other. The marks record
    /// whichever finishes first.
    /// </summary>
    public static async Task<RunningHost> StartAsync(KestrelServer server, RequestDelegate application, ModelHolder model, Func<Inference.InferenceService> load, ColdStartTimeline timeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(timeline);
        timeline.LoadOverlapsStart = true;
        model.BeginLoading(load);
        var port = await KestrelHost.StartAsync(server, application, timeline, cancellationToken).ConfigureAwait(false);
        return new RunningHost(server, model, port);
    }
}

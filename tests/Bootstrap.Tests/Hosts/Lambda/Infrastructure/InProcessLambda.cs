using Toolkit.Bench.Lambda;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;

/// <summary>The emulator on loopback and the Lambda host running in this process against it, stopped on dispose.</summary>
internal sealed class InProcessLambda : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();

    private InProcessLambda(RuntimeApiEmulator emulator, ColdStartTimeline timeline, Task<int> host)
    {
        Emulator = emulator;
        Timeline = timeline;
        Host = host;
    }

    public RuntimeApiEmulator Emulator { get; }

    public ColdStartTimeline Timeline { get; }

    /// <summary>The host's exit code, once it stops.</summary>
    public Task<int> Host { get; private set; }

    public static async Task<InProcessLambda> StartAsync(string model = TinyModel.Name + ".tkm", Action<EmulatorFaults>? faults = null)
    {
        var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        faults?.Invoke(emulator.Faults);
        var timeline = ColdStartTimeline.StartAtMain();
        var lambda = new InProcessLambda(emulator, timeline, Task.FromResult(0));
        lambda.Host = Task.Run(() => LambdaHost.RunAsync(TinyModel.Options(emulator.RuntimeApiAddress, model), timeline, lambda.stop.Token));
        return lambda;
    }

    public Task<EmulatorResult> InvokeAsync(byte[] eventBody) =>
        Emulator.InvokeAsync(eventBody, new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);

    /// <summary>The host's exit code, failing the test if it has not stopped within <paramref name="seconds"/>.</summary>
    public async Task<int> ExitCodeAsync(double seconds = 10) => await Host.WaitAsync(TimeSpan.FromSeconds(seconds));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Host.WaitAsync(TimeSpan.FromSeconds(10));
        await Emulator.DisposeAsync();
        stop.Dispose();
    }
}

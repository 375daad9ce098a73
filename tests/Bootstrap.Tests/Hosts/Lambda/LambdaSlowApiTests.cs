using System.Diagnostics;
using Toolkit.Bench.Lambda;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda;

/// <summary>A Runtime API that is slow to take a response: the POST times out, is retried with backoff, and the loop gives up after the bounded retries.</summary>
public class LambdaSlowApiTests
{
    private static readonly TimeSpan PostTimeout = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_response_post_that_times_out_once_is_retried_and_delivered()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        emulator.Faults.ResponseDelay = TimeSpan.FromSeconds(1);
        using var stop = new CancellationTokenSource();
        var host = RunLoopAsync(emulator, stop.Token);

        var answer = emulator.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()), new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        // Let the first post time out, then let the retry through.
        await Task.Delay(PostTimeout * 1.5);
        emulator.Faults.ResponseDelay = TimeSpan.Zero;

        Assert.False((await answer).IsError);
        await stop.CancelAsync();
        Assert.Equal(LambdaHost.ExitStopped, await host.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_runtime_api_that_never_takes_the_response_ends_the_loop_after_bounded_retries()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        emulator.Faults.ResponseDelay = TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        var host = RunLoopAsync(emulator, CancellationToken.None);

        _ = emulator.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()), new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        Assert.Equal(LambdaHost.ExitRuntimeApiFailed, await host.WaitAsync(TimeSpan.FromSeconds(10)));
        // Four attempts of 200 ms plus 50 + 200 + 800 ms of backoff.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1800), $"took {clock.Elapsed}");
    }

    private static Task<int> RunLoopAsync(RuntimeApiEmulator emulator, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        var options = TinyModel.Options(emulator.RuntimeApiAddress);
        var timeline = ColdStartTimeline.StartAtMain();
        using var client = new RuntimeApiClient(emulator.RuntimeApiAddress, PostTimeout);
        var loop = new LambdaLoop(client, timeline, BuildInfo.Describe(options), RetryPolicy.Default);
        return await loop.RunAsync(() => ModelLoader.Load(options, timeline), cancellationToken);
    });
}

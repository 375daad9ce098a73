using System.Diagnostics;
using Toolkit.Bench.Lambda;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda;

/// <summary>Init errors, 413, 500, dropped connections and deadlines, as the Runtime API contract says to handle them.</summary>
public class LambdaRuntimeFaultTests
{
    [Fact]
    public async Task An_unknown_model_is_reported_on_init_error_and_the_host_exits_non_zero()
    {
        await using var lambda = await InProcessLambda.StartAsync(model: "no_such_model");

        var exit = await lambda.ExitCodeAsync();

        Assert.Equal(LambdaHost.ExitInitFailed, exit);
        var error = Assert.Single(lambda.Emulator.InitErrors);
        Assert.Equal(LambdaErrorTypes.UnknownModel, error.ErrorType);
        Assert.Contains("no_such_model", LambdaError.Parse(error.Body).ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, lambda.Emulator.NextCalls);
    }

    [Fact]
    public async Task A_model_path_outside_the_model_directory_is_an_init_error()
    {
        await using var lambda = await InProcessLambda.StartAsync(model: "../../etc/passwd.tkm");

        Assert.Equal(LambdaHost.ExitInitFailed, await lambda.ExitCodeAsync());
        Assert.Contains("outside the model directory", LambdaError.Parse(Assert.Single(lambda.Emulator.InitErrors).Body).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_413_on_response_becomes_a_reported_error_and_the_next_request_succeeds()
    {
        await using var lambda = await InProcessLambda.StartAsync(faults: f => f.RejectResponsesAsTooLarge(1));

        var rejected = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));
        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.Equal(LambdaErrorTypes.ResponseTooLarge, rejected.ErrorType);
        Assert.False(good.IsError, good.BodyText);
    }

    [Fact]
    public async Task A_500_on_next_makes_the_host_exit_at_once_without_retrying()
    {
        await using var lambda = await InProcessLambda.StartAsync(faults: f => f.FailNext(1));
        var clock = Stopwatch.StartNew();

        var exit = await lambda.ExitCodeAsync();

        Assert.Equal(LambdaHost.ExitRuntimeApiFailed, exit);
        Assert.Equal(1, lambda.Emulator.NextCalls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_500_after_serving_also_ends_the_host()
    {
        await using var lambda = await InProcessLambda.StartAsync();
        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));
        lambda.Emulator.Faults.AlwaysFailNext = true;
        // The host's next call may already be waiting for an event: this one releases it, and the call after it fails.
        var last = lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.False(good.IsError);
        Assert.Equal(LambdaHost.ExitRuntimeApiFailed, await lambda.ExitCodeAsync());
        Assert.True(last.IsCompleted || lambda.Emulator.NextCalls == 2);
    }

    [Fact]
    public async Task Dropped_connections_on_next_are_retried_with_backoff_and_serving_resumes()
    {
        await using var lambda = await InProcessLambda.StartAsync(faults: f => f.DropNext(2));

        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.False(good.IsError, good.BodyText);
        Assert.True(lambda.Emulator.NextCalls >= 3);
    }

    [Fact]
    public async Task A_connection_that_keeps_dropping_ends_the_host_after_bounded_retries_without_spinning()
    {
        await using var lambda = await InProcessLambda.StartAsync(faults: f => f.AlwaysDropNext = true);
        var clock = Stopwatch.StartNew();

        var exit = await lambda.ExitCodeAsync();

        Assert.Equal(LambdaHost.ExitRuntimeApiFailed, exit);
        Assert.Equal(RetryPolicy.Default.Retries + 1, lambda.Emulator.NextCalls);
        // 50 + 200 + 800 ms of backoff: the loop waited between attempts instead of spinning.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1000), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_unreachable_runtime_api_ends_the_host_after_bounded_retries()
    {
        var timeline = Toolkit.Bootstrap.Timeline.ColdStartTimeline.StartAtMain();
        // A port nothing listens on: every connect is refused.
        var port = LoopbackPort.Free();

        var exit = await LambdaHost.RunAsync(TinyModel.Options($"127.0.0.1:{port}"), timeline).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(LambdaHost.ExitRuntimeApiFailed, exit);
    }

    [Fact]
    public async Task An_event_past_its_deadline_is_not_started_and_reported_as_a_timeout()
    {
        await using var lambda = await InProcessLambda.StartAsync(faults: f => f.DeadlineOffset = TimeSpan.FromSeconds(-1));

        var late = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));
        lambda.Emulator.Faults.DeadlineOffset = TimeSpan.FromSeconds(30);
        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.Equal(LambdaErrorTypes.DeadlineExceeded, late.ErrorType);
        Assert.Contains("deadline", LambdaError.Parse(late.Body).ErrorMessage, StringComparison.Ordinal);
        Assert.False(good.IsError, good.BodyText);
    }

    [Fact]
    public async Task A_slow_runtime_api_is_waited_for_because_next_has_no_timeout()
    {
        await using var lambda = await InProcessLambda.StartAsync(faults: f => f.NextDelay = TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var good = await lambda.InvokeAsync(Events.Direct("kserve_json", TinyModel.Request()));

        Assert.False(good.IsError, good.BodyText);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"took {clock.Elapsed}");
        Assert.False(lambda.Host.IsCompleted);
    }
}

using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Inference;

/// <summary>
/// Requests that queue for the engine wait without holding a thread: with the engine held by one request, 39 more
/// calls return at once as pending tasks on the caller's own thread, and each later gets its own input's answer. The
/// engine runs on the service's own thread, not the pool's, and what follows an answer never runs on that thread.
/// </summary>
public sealed class EngineGateTests
{
    private const int Burst = 40;

    [Fact]
    public async Task Waiting_requests_hold_no_thread_and_each_gets_its_own_answer()
    {
        using var engine = new HeldEngine();
        using var service = new InferenceService("held", engine, new ColdStartTimeline());

        var first = Task.Run(() => service.InferAsync(Request(0)));
        Assert.True(engine.Entered.Wait(TimeSpan.FromSeconds(30)), "The first request never reached the engine.");

        // Called on this thread: a blocking wait would hang here, the asynchronous one returns pending tasks.
        var queued = Enumerable.Range(1, Burst - 1).Select(i => service.InferAsync(Request(i))).ToList();
        Assert.All(queued, task => Assert.False(task.IsCompleted));

        engine.Release.Set();
        var responses = await Task.WhenAll([first, .. queued]);

        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(i * 2f, responses[i].Tensors.Single().Tensor.AsSpan<float>()[0]);
        }
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_engine_free_for_the_next_request()
    {
        using var engine = new HeldEngine();
        using var service = new InferenceService("held", engine, new ColdStartTimeline());
        var first = Task.Run(() => service.InferAsync(Request(1)));
        Assert.True(engine.Entered.Wait(TimeSpan.FromSeconds(30)), "The first request never reached the engine.");

        using var cancel = new CancellationTokenSource();
        var abandoned = service.InferAsync(Request(2), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        engine.Release.Set();
        await first;
        var next = await service.InferAsync(Request(3));
        Assert.Equal(6f, next.Tensors.Single().Tensor.AsSpan<float>()[0]);
    }

    [Fact]
    public async Task The_engine_runs_on_its_own_thread_and_answers_continue_off_it()
    {
        using var engine = new HeldEngine();
        engine.Release.Set();
        using var service = new InferenceService("held", engine, new ColdStartTimeline());

        await service.InferAsync(Request(1));
        var continuedOn = Thread.CurrentThread;

        Assert.False(engine.RanOn!.IsThreadPoolThread);
        Assert.Equal("toolkit-inference", engine.RanOn.Name);
        Assert.NotSame(engine.RanOn, continuedOn);
    }

    [Fact]
    public async Task An_engine_failure_fails_its_request_only()
    {
        using var engine = new HeldEngine();
        engine.Release.Set();
        using var service = new InferenceService("held", engine, new ColdStartTimeline());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.InferAsync(Request(HeldEngine.Failing)));
        var next = await service.InferAsync(Request(4));

        Assert.Contains("failing input", error.Message, StringComparison.Ordinal);
        Assert.Equal(8f, next.Tensors.Single().Tensor.AsSpan<float>()[0]);
    }

    private static InferenceMessage Request(int value)
    {
        var tensor = Tensor.Zeros(DataType.Float32, 1, 1);
        tensor.AsSpan<float>()[0] = value;
        return new InferenceMessage("held", [new NamedTensor("x", tensor)]);
    }

    /// <summary>Doubles its input (fails on <see cref="Failing"/>); each run waits for <see cref="Release"/> so the test can queue others behind it.</summary>
    private sealed class HeldEngine : IInferenceEngine
    {
        public const int Failing = -1;

        public Thread? RanOn { get; private set; }

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public string Name => "held";

        public IReadOnlyList<TensorSpec> Inputs { get; } = [new TensorSpec("x", DataType.Float32, [1, 1])];

        public IReadOnlyList<TensorSpec> Outputs { get; } = [new TensorSpec("y", DataType.Float32, [1, 1])];

        public void Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
        {
            RanOn = Thread.CurrentThread;
            Entered.Set();
            Release.Wait();
            var input = inputs[0].AsSpan<float>()[0];
            outputs[0].AsSpan<float>()[0] = input == Failing ? throw new InvalidOperationException("A failing input.") : input * 2f;
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }
}

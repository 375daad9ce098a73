using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The runtime loop in small steps: <see cref="RunAsync"/> (init, then loop), <see cref="InvokeOnceAsync"/> (one
/// <c>next</c> and its answer). Bad input is answered and the loop carries on; a Runtime API 500 ends it at once, and
/// a dropped connection or timeout ends it after <see cref="RetryPolicy"/>'s bounded retries.
/// </summary>
public sealed class LambdaLoop(IRuntimeApiClient client, ColdStartTimeline timeline, IReadOnlyDictionary<string, string> context, RetryPolicy retry)
{
    /// <summary>The clock deadlines are compared with: Unix epoch ms, as Lambda-Runtime-Deadline-Ms counts.</summary>
    public Func<long> NowUnixMs { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public async Task<int> RunAsync(Func<InferenceService> load, CancellationToken cancellationToken)
    {
        InferenceService service;
        try
        {
            service = load();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await ReportInitErrorAsync(e, cancellationToken).ConfigureAwait(false);
        }

        using (service)
        {
            var handler = new InvocationHandler(service);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await InvokeOnceAsync(handler, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return LambdaHost.ExitStopped;
            }
            catch (RuntimeApiException e)
            {
                await Console.Error.WriteLineAsync($"bootstrap: the Runtime API failed ({e.Message}); exiting.").ConfigureAwait(false);
                return LambdaHost.ExitRuntimeApiFailed;
            }

            return LambdaHost.ExitStopped;
        }
    }

    /// <summary>Fetches one event, answers it, and writes the cold-start line after the first inference.</summary>
    /// <exception cref="RuntimeApiException">The Runtime API failed beyond what the retry policy allows.</exception>
    public async Task InvokeOnceAsync(InvocationHandler handler, CancellationToken cancellationToken)
    {
        timeline.Mark(ColdStartTimeline.RuntimeReady);
        var invocation = await retry.RunAsync(client.NextAsync, "GET invocation/next", cancellationToken).ConfigureAwait(false);
        var result = await AnswerAsync(handler, invocation, cancellationToken).ConfigureAwait(false);
        await PostAsync(invocation.RequestId, result, cancellationToken).ConfigureAwait(false);
        if (timeline.IsComplete)
        {
            // After the answer is posted, so writing the line costs the caller nothing.
            timeline.ReportOnce(context);
        }
    }

    private async Task<InvocationResult> AnswerAsync(InvocationHandler handler, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var now = NowUnixMs();
        if (now >= invocation.DeadlineUnixMs)
        {
            return InvocationResult.Failure(LambdaErrorTypes.DeadlineExceeded,
                $"The invocation's deadline (Lambda-Runtime-Deadline-Ms {invocation.DeadlineUnixMs}) had passed by {now - invocation.DeadlineUnixMs} ms when it arrived; not started.");
        }

        try
        {
            return await handler.HandleAsync(invocation.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of the function, not the caller's input: reported, and the loop keeps serving.
            Console.Error.WriteLine($"bootstrap: invocation {invocation.RequestId} failed: {e}");
            return InvocationResult.Failure(LambdaErrorTypes.Unhandled, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task PostAsync(string requestId, InvocationResult result, CancellationToken cancellationToken)
    {
        if (result.Response is { } body)
        {
            var outcome = await retry.RunAsync(ct => client.PostResponseAsync(requestId, body, ct), "POST response", cancellationToken).ConfigureAwait(false);
            if (outcome == PostOutcome.TooLarge)
            {
                result = InvocationResult.Failure(LambdaErrorTypes.ResponseTooLarge, $"The response must be at most {InvocationHandler.MaxPayloadBytes} bytes; it was {body.LongLength} and the Runtime API answered 413.");
            }
            else
            {
                LogRejected(outcome, requestId, "response");
                return;
            }
        }

        var error = result.Error!;
        LogRejected(await retry.RunAsync(ct => client.PostErrorAsync(requestId, error, ct), "POST error", cancellationToken).ConfigureAwait(false), requestId, "error");
    }

    private async Task<int> ReportInitErrorAsync(Exception e, CancellationToken cancellationToken)
    {
        var error = new LambdaError(e is ModelNotFoundException ? LambdaErrorTypes.UnknownModel : LambdaErrorTypes.InitFailed, e.Message);
        await Console.Error.WriteLineAsync($"bootstrap: init failed: {e.Message}").ConfigureAwait(false);
        try
        {
            await retry.RunAsync(ct => client.PostInitErrorAsync(error, ct), "POST init/error", cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeApiException report)
        {
            await Console.Error.WriteLineAsync($"bootstrap: could not report the init error either ({report.Message}).").ConfigureAwait(false);
        }

        return LambdaHost.ExitInitFailed;
    }

    private static void LogRejected(PostOutcome outcome, string requestId, string what)
    {
        if (outcome == PostOutcome.Rejected)
        {
            Console.Error.WriteLine($"bootstrap: the Runtime API rejected the {what} of invocation {requestId} (4xx); continuing.");
        }
    }
}

using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Inference;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The AWS Lambda custom runtime: loads the model during init, then serves the Runtime API's
/// <c>next</c> → <c>response</c>/<c>error</c> loop (<see cref="LambdaLoop"/>) until the API fails or the token is cancelled.
/// </summary>
public static class LambdaHost
{
    /// <summary>Cancellation (in-process hosts in tests and the harness): a clean stop.</summary>
    public const int ExitStopped = 0;

    /// <summary>Init failed (the model did not load) and was reported on <c>/runtime/init/error</c>.</summary>
    public const int ExitInitFailed = 1;

    /// <summary>AWS_LAMBDA_RUNTIME_API is not set.</summary>
    public const int ExitNoRuntimeApi = 2;

    /// <summary>The Runtime API answered 500 or stayed unreachable after the retries.</summary>
    public const int ExitRuntimeApiFailed = 3;

    public static async Task<int> RunAsync(BootstrapOptions options, ColdStartTimeline timeline, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(options.LambdaRuntimeApi))
        {
            await Console.Error.WriteLineAsync("bootstrap: the Lambda host needs AWS_LAMBDA_RUNTIME_API (host:port of the Runtime API); it is not set.").ConfigureAwait(false);
            return ExitNoRuntimeApi;
        }

        using var client = new RuntimeApiClient(options.LambdaRuntimeApi, RuntimeApiClient.DefaultPostTimeout);
        var loop = new LambdaLoop(client, timeline, BuildInfo.Describe(options), RetryPolicy.Default);
        return await loop.RunAsync(() => ModelLoader.Load(options, timeline), cancellationToken).ConfigureAwait(false);
    }
}

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// Bounded retries with exponential backoff for Runtime API calls that fail without an answer (a dropped connection,
/// a timeout). A 500 is never retried: the contract says the runtime must exit. The loop never spins: every retry
/// waits, and after <see cref="Retries"/> of them the error goes up and the process exits.
/// </summary>
public sealed record RetryPolicy(int Retries, TimeSpan FirstDelay, double Multiplier)
{
    /// <summary>50, 200 and 800 ms: a loopback API that has not answered within about a second in total is gone, and
    /// Lambda replaces the sandbox of a runtime that exits.</summary>
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromMilliseconds(50), 4);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeApiException e) when (!e.IsFatal && attempt < Retries)
            {
                await Console.Error.WriteLineAsync($"bootstrap: {what} failed ({e.Message}); retry {attempt + 1} of {Retries} in {delay.TotalMilliseconds:0} ms.").ConfigureAwait(false);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= Multiplier;
            }
        }
    }
}

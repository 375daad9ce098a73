namespace Toolkit.Bench.ColdStart;

/// <summary>
/// One cold burst: how many requests were sent to a fresh process, how many failed (with the first few reasons), and
/// each answered request's latency from the process's spawn to its response, in ms.
/// </summary>
public sealed record ColdBurstResult(int Requests, int Failed, IReadOnlyList<double> LatenciesMs, IReadOnlyList<string> Failures)
{
    /// <summary>Adds bursts of the same configuration together.</summary>
    public static ColdBurstResult Combine(IReadOnlyList<ColdBurstResult> bursts) => new(
        bursts.Sum(b => b.Requests),
        bursts.Sum(b => b.Failed),
        [.. bursts.SelectMany(b => b.LatenciesMs)],
        [.. bursts.SelectMany(b => b.Failures).Distinct(StringComparer.Ordinal).Take(5)]);
}

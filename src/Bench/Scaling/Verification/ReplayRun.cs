namespace Toolkit.Bench.Scaling.Verification;

/// <summary>One replay of a fleet: its requests in arrival order and how often the CFS quota bit while they ran (zero when pinned).</summary>
public sealed record ReplayRun(ReplayedRequest[] Requests, long ThrottledPeriods, double ThrottledMs)
{
    public double[] LatenciesMs => [.. Requests.Select(r => r.LatencyMs)];

    public double[] ServiceTimesMs => [.. Requests.Select(r => r.ServiceMs)];
}

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>Which instance the dispatcher gives a request to, among those with a free concurrency slot.</summary>
public enum RoutingPolicy
{
    /// <summary>
    /// The one with the fewest requests in flight, started or not (lowest index on ties): spreads a burst evenly, as
    /// Cloud Run with min instances does and as the real-run dispatcher of <c>scaling containers</c> does.
    /// </summary>
    LeastLoaded,

    /// <summary>
    /// A started instance first (the least loaded of those), a new one only when every started one is full: how FaaS
    /// reuses a warm execution environment before creating another (Lambda, SageMaker Serverless).
    /// </summary>
    FillFirst,
}

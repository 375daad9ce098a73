namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>What happens to a request when every instance's concurrency slots are taken.</summary>
public enum OverflowPolicy
{
    /// <summary>It waits, FIFO, at the dispatcher for a free slot (Cloud Run holds pending requests up to its timeout).</summary>
    QueueAtDispatcher,

    /// <summary>It is rejected at once (Lambda past its concurrency limit and SageMaker past MaxConcurrency throttle with 429).</summary>
    Reject,
}

namespace Toolkit.Bench.Lambda;

/// <summary>
/// Faults the emulator injects, set by tests between invocations. Counts are consumed one per matching call, so a
/// test can fail exactly the first N calls; <c>Always…</c> flags fail every call.
/// </summary>
public sealed class EmulatorFaults
{
    private int nextFailures;
    private int nextDrops;
    private int responseTooLarge;

    /// <summary>The status <c>next</c> answers while <see cref="FailNext"/> counts down (Lambda's "non-recoverable" 500).</summary>
    public int NextFailureStatus { get; set; } = 500;

    /// <summary>Every <c>next</c> answers <see cref="NextFailureStatus"/>.</summary>
    public bool AlwaysFailNext { get; set; }

    /// <summary>Every <c>next</c> has its connection aborted without an answer.</summary>
    public bool AlwaysDropNext { get; set; }

    /// <summary>How long <c>next</c> waits before it answers an event (a slow Runtime API).</summary>
    public TimeSpan NextDelay { get; set; }

    /// <summary>How long a <c>response</c> post waits before it is read (a slow Runtime API); a client that gives up first aborts it.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The deadline each event gets, from the moment <c>next</c> hands it out; negative means already past.</summary>
    public TimeSpan DeadlineOffset { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Answer the next <paramref name="count"/> <c>next</c> calls with <see cref="NextFailureStatus"/>.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref nextFailures, count);

    /// <summary>Abort the connection of the next <paramref name="count"/> <c>next</c> calls.</summary>
    public void DropNext(int count) => Interlocked.Exchange(ref nextDrops, count);

    /// <summary>Answer the next <paramref name="count"/> <c>response</c> posts with 413.</summary>
    public void RejectResponsesAsTooLarge(int count) => Interlocked.Exchange(ref responseTooLarge, count);

    internal bool TakeNextFailure() => AlwaysFailNext || Take(ref nextFailures);

    internal bool TakeNextDrop() => AlwaysDropNext || Take(ref nextDrops);

    internal bool TakeResponseTooLarge() => Take(ref responseTooLarge);

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}

using System.Globalization;

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>
/// When requests arrive: a burst of <see cref="Burst"/> at t = 0, plus Poisson arrivals at <see cref="RatePerSecond"/>
/// over <see cref="DurationSeconds"/> (either part may be empty).
/// </summary>
public sealed record ArrivalPattern(int Burst, double RatePerSecond = 0, double DurationSeconds = 0)
{
    public static ArrivalPattern BurstOf(int requests) => new(requests);

    public static ArrivalPattern Poisson(double ratePerSecond, double durationSeconds) => new(0, ratePerSecond, durationSeconds);

    public string Label => (Burst > 0 ? $"burst {Burst}" : "") + (Burst > 0 && RatePerSecond > 0 ? " + " : "") +
                           (RatePerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $"Poisson {RatePerSecond:0.###}/s for {DurationSeconds:0.###} s") : "");

    /// <summary>The arrival times (ms), ascending, drawn with <paramref name="random"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative burst, rate or duration.</exception>
    /// <exception cref="InvalidOperationException">The pattern yields no request at all.</exception>
    public List<double> ArrivalTimesMs(Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Burst, nameof(Burst));
        ArgumentOutOfRangeException.ThrowIfNegative(RatePerSecond, nameof(RatePerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(DurationSeconds, nameof(DurationSeconds));
        var times = new List<double>(Burst + (int)Math.Min(int.MaxValue / 2, RatePerSecond * DurationSeconds * 1.1));
        times.AddRange(Enumerable.Repeat(0.0, Burst));
        if (RatePerSecond > 0)
        {
            var meanGapMs = 1000 / RatePerSecond;
            var endMs = DurationSeconds * 1000;
            for (var t = -meanGapMs * Math.Log(1 - random.NextDouble()); t < endMs; t += -meanGapMs * Math.Log(1 - random.NextDouble()))
            {
                times.Add(t);
            }
        }

        if (times.Count == 0)
        {
            throw new InvalidOperationException($"The arrival pattern must produce at least one request (a burst, or a rate over a duration), got {Label}.");
        }

        return times;
    }
}

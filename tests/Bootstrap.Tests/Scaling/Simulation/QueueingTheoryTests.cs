using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bootstrap.Tests.Scaling.Simulation;

/// <summary>
/// The simulator against textbook results for Poisson arrivals and exponential service (mean S = 1/μ): the mean wait
/// before service Wq is ρS/(1 − ρ) for M/M/1 and C(c, cρ)/(cμ − λ) for M/M/c (Erlang C), within 5% over a long run.
/// </summary>
public class QueueingTheoryTests
{
    private const double MeanServiceMs = 10;

    // Long enough that the sample mean of the (strongly autocorrelated) waits settles well inside 5% at load 0.7.
    private const double DurationSeconds = 5000;

    private const double Tolerance = 0.05;

    [Theory]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void MM1_mean_wait_matches_the_formula_whether_requests_wait_at_the_dispatcher_or_at_the_engine(int concurrency)
    {
        const double Load = 0.7;
        var rate = Load * 1000 / MeanServiceMs;
        var config = new ClusterConfig(1, concurrency, 1, WarmInstances: 1);

        var result = Simulator.Run(config, ArrivalPattern.Poisson(rate, DurationSeconds), new ExponentialServiceTime(MeanServiceMs), coldStartMs: 0, seed: 7);

        var expected = Load * MeanServiceMs / (1 - Load);
        Assert.InRange(result.MeanWaitMs, expected * (1 - Tolerance), expected * (1 + Tolerance));
    }

    [Fact]
    public void MMc_mean_wait_matches_erlang_c()
    {
        const int Servers = 3;
        const double Load = 0.7;
        var serviceRatePerMs = 1 / MeanServiceMs;
        var arrivalRatePerMs = Load * Servers * serviceRatePerMs;
        var config = new ClusterConfig(Servers, 1, 1, WarmInstances: Servers);

        var result = Simulator.Run(config, ArrivalPattern.Poisson(arrivalRatePerMs * 1000, DurationSeconds), new ExponentialServiceTime(MeanServiceMs), coldStartMs: 0, seed: 11);

        var expected = ErlangC(Servers, Servers * Load) / ((Servers * serviceRatePerMs) - arrivalRatePerMs);
        Assert.InRange(result.MeanWaitMs, expected * (1 - Tolerance), expected * (1 + Tolerance));
    }

    /// <summary>The probability an arrival waits in M/M/c with offered load a = λ/μ.</summary>
    private static double ErlangC(int servers, double offeredLoad)
    {
        var rho = offeredLoad / servers;
        double term = 1, sum = 0;
        for (var k = 0; k < servers; k++)
        {
            sum += term;
            term *= offeredLoad / (k + 1);
        }

        var waiting = term / (1 - rho);
        return waiting / (sum + waiting);
    }
}

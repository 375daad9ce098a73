using Toolkit.Bench.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Pricing;

/// <summary>A price book built in code with round numbers, so the bills in the tests can be worked out by hand.</summary>
internal static class TestPrices
{
    public static LambdaPrices Lambda { get; } = new(
        GbSecond: PriceQuote.Of(0.0000166667),
        PerMillionRequests: PriceQuote.Of(0.20),
        BillingGranularityMs: PriceQuote.Of(1),
        MinMemoryMb: PriceQuote.Of(128),
        MaxMemoryMb: PriceQuote.Of(10240),
        MbPerVcpu: PriceQuote.Of(1769),
        MaxVcpu: PriceQuote.Of(6),
        DefaultConcurrencyLimit: PriceQuote.Of(1000));

    public static SageMakerServerlessPrices SageMaker { get; } = new(
        PerSecondByMemoryMb: new Dictionary<string, PriceQuote>
        {
            ["1024"] = PriceQuote.Of(0.00002),
            ["2048"] = PriceQuote.Of(0.00004),
            ["6144"] = PriceQuote.Of(0.00012),
        },
        DataInPerGb: PriceQuote.Of(0.016),
        DataOutPerGb: PriceQuote.Of(0.016),
        BillingGranularityMs: PriceQuote.Of(1),
        MaxConcurrency: PriceQuote.Of(200),
        MbPerVcpu: PriceQuote.Of(1769));

    public static CloudRunPrices CloudRun { get; } = new(
        RequestBilled: new CloudRunRates(PriceQuote.Of(0.000024), PriceQuote.Of(0.0000025), PriceQuote.Of(0.40)),
        InstanceBilled: new CloudRunRates(PriceQuote.Of(0.000018), PriceQuote.Of(0.000002)),
        BillingGranularityMs: PriceQuote.Of(100),
        MaxConcurrency: PriceQuote.Of(1000),
        CpuMemory: new CloudRunCpuMemory(
        [
            new CloudRunCombination(1, 0.5, 4),
            new CloudRunCombination(2, 0.5, 8),
            new CloudRunCombination(4, 2, 16),
            new CloudRunCombination(6, 4, 24),
            new CloudRunCombination(8, 4, 32),
        ]));

    public static PriceBook Book { get; } = new(Lambda, SageMaker, CloudRun);
}

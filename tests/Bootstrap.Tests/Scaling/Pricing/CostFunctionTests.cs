using Toolkit.Bench.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Pricing;

/// <summary>Each platform's bill against one worked by hand (the arithmetic is in each test's comment).</summary>
public class CostFunctionTests
{
    // Bills are sums of a few products of decimal prices; 1e-12 USD is far below any rounding that matters.
    private const double ToleranceUsd = 1e-12;

    [Fact]
    public void Lambda_rounds_each_duration_up_to_1_ms_and_adds_the_request_fee()
    {
        // 100.2 ms -> 101 ms, 50 ms stays, 0.3 ms -> 1 ms: 152 ms = 0.152 s at 1 GB (1024 MB) = 0.152 GB-s.
        // Compute 0.152 x 0.0000166667 = 2.5333384e-6; requests 3 x 0.20 / 1e6 = 6e-7.
        var bill = LambdaCost.Bill(TestPrices.Lambda, 1024, [100.2, 50, 0.3]);

        Assert.Equal(2.5333384e-6, bill.ComputeUsd, ToleranceUsd);
        Assert.Equal(6e-7, bill.RequestsUsd, ToleranceUsd);
        Assert.Equal(3.1333384e-6, bill.TotalUsd, ToleranceUsd);
        Assert.Equal(3.1333384e-6 / 3 * 1e6, bill.PerMillionRequestsUsd, 1e-9);
    }

    [Fact]
    public void Lambda_bills_memory_in_GB_of_1024_MB()
    {
        // 512 MB = 0.5 GB; 1000 ms -> 0.5 GB-s x 0.0000166667 = 8.33335e-6, plus one request 2e-7.
        var bill = LambdaCost.Bill(TestPrices.Lambda, 512, [1000]);

        Assert.Equal(8.33335e-6 + 2e-7, bill.TotalUsd, ToleranceUsd);
    }

    [Fact]
    public void Lambda_refuses_a_memory_size_outside_its_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LambdaCost.Bill(TestPrices.Lambda, 64, [10]));

        Assert.Contains("128..10240", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1769, 1.0)]
    [InlineData(884.5, 0.5)]
    [InlineData(10240, 10240 / 1769.0)]
    public void Lambda_cpu_share_is_memory_over_1769_MB(double memoryMb, double expectedVcpu)
    {
        Assert.Equal(expectedVcpu, TestPrices.Lambda.VcpuShare((int)Math.Ceiling(memoryMb)), 2);
    }

    [Fact]
    public void SageMaker_bills_seconds_at_the_memory_size_rate_and_data_per_GB()
    {
        // 200 ms + 300.5 ms -> 200 + 301 = 501 ms = 0.501 s x 0.00004 (2048 MB) = 2.004e-5.
        // Data: 2 requests x 1 MiB in = 2/1024 GB x 0.016 = 3.125e-5; 2 x 4096 B out = 8192/1024^3 GB x 0.016 = 1.220703125e-7.
        var bill = SageMakerServerlessCost.Bill(TestPrices.SageMaker, 2048, [200, 300.5], bytesInPerRequest: 1 << 20, bytesOutPerRequest: 4096);

        Assert.Equal(2.004e-5, bill.ComputeUsd, ToleranceUsd);
        Assert.Equal(3.125e-5 + 1.220703125e-7, bill.DataUsd, ToleranceUsd);
        Assert.Equal(0, bill.RequestsUsd);
        Assert.Equal(2, bill.Requests);
    }

    [Fact]
    public void SageMaker_refuses_a_memory_size_it_has_no_price_for()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SageMakerServerlessCost.Bill(TestPrices.SageMaker, 1500, [10], 0, 0));

        Assert.Contains("1024, 2048, 6144", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloud_run_request_billing_rounds_each_interval_up_to_100_ms_and_adds_the_request_fee()
    {
        // Intervals 250 ms -> 300, 1000 stays, 0.01 -> 100: 1.4 s of a 2 vCPU, 1 GiB instance.
        // vCPU 2 x 1.4 x 0.000024 = 6.72e-5; memory 1 x 1.4 x 0.0000025 = 3.5e-6; 10 requests x 0.40 / 1e6 = 4e-6.
        var bill = CloudRunCost.Bill(TestPrices.CloudRun, CloudRunBilling.Request, 2, 1, [250, 1000, 0.01], requests: 10);

        Assert.Equal(6.72e-5 + 3.5e-6, bill.ComputeUsd, ToleranceUsd);
        Assert.Equal(4e-6, bill.RequestsUsd, ToleranceUsd);
        Assert.Equal(7.47, bill.PerMillionRequestsUsd, 1e-9);
    }

    [Fact]
    public void Cloud_run_instance_billing_has_lower_rates_and_no_request_fee()
    {
        // One instance alive 60 s with 4 vCPU, 2 GiB: 4 x 60 x 0.000018 = 4.32e-3; 2 x 60 x 0.000002 = 2.4e-4.
        var bill = CloudRunCost.Bill(TestPrices.CloudRun, CloudRunBilling.Instance, 4, 2, [60_000], requests: 1000);

        Assert.Equal(4.32e-3 + 2.4e-4, bill.TotalUsd, ToleranceUsd);
        Assert.Equal(0, bill.RequestsUsd);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(1, 8)]
    [InlineData(3, 2)]
    public void Cloud_run_refuses_cpu_memory_pairs_it_does_not_offer(int vcpu, double memoryGib)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CloudRunCost.Bill(TestPrices.CloudRun, CloudRunBilling.Request, vcpu, memoryGib, [100], 1));

        Assert.Contains($"{vcpu} vCPU", error.Message, StringComparison.Ordinal);
    }
}

using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bootstrap.Tests.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

public class LambdaCpuShareTests
{
    private static readonly LambdaCpuShare Share = new(TestPrices.Lambda);

    [Theory]
    [InlineData(1769, 1.0)]
    [InlineData(3538, 2.0)]
    [InlineData(512, 512 / 1769.0)]
    [InlineData(10240, 10240 / 1769.0)]
    public void The_share_is_proportional_to_memory(int memoryMb, double vcpus) =>
        Assert.Equal(vcpus, Share.Vcpus(memoryMb), 1e-9);

    [Fact]
    public void The_quota_and_threads_are_capped_at_the_machine()
    {
        Assert.Equal(2.0, Share.QuotaCores(10240, machineCores: 2));
        Assert.Equal(2, Share.Threads(10240, machineCores: 2));
        Assert.Equal(1, Share.Threads(1769, machineCores: 2));
        Assert.Equal(2, Share.Threads(2048, machineCores: 2));
        Assert.Equal(1, Share.Threads(512, machineCores: 2));
    }

    [Fact]
    public void The_emulated_share_follows_the_price_books_rule()
    {
        // One rule: an edited price book changes the quota scaling faas applies and the share the advisor prices.
        var edited = TestPrices.Lambda with { MbPerVcpu = PriceQuote.Of(1000), MaxVcpu = PriceQuote.Of(4) };
        var share = new LambdaCpuShare(edited);

        Assert.Equal(edited.VcpuShare(2000), share.Vcpus(2000));
        Assert.Equal(2.0, share.Vcpus(2000), 1e-9);
        Assert.Equal(4.0, share.Vcpus(8000), 1e-9);
    }

    [Fact]
    public void Memory_outside_lambdas_range_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Share.Vcpus(20000));
        Assert.Contains("received 20000", error.Message, StringComparison.Ordinal);
    }
}

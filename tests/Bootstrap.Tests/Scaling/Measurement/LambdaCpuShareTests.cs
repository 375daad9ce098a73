using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

public class LambdaCpuShareTests
{
    [Theory]
    [InlineData(1769, 1.0)]
    [InlineData(3538, 2.0)]
    [InlineData(512, 512 / 1769.0)]
    [InlineData(10240, 10240 / 1769.0)]
    public void The_share_is_proportional_to_memory(int memoryMb, double vcpus) =>
        Assert.Equal(vcpus, LambdaCpuShare.Vcpus(memoryMb), 1e-9);

    [Fact]
    public void The_quota_and_threads_are_capped_at_the_machine()
    {
        Assert.Equal(2.0, LambdaCpuShare.QuotaCores(10240, machineCores: 2));
        Assert.Equal(2, LambdaCpuShare.Threads(10240, machineCores: 2));
        Assert.Equal(1, LambdaCpuShare.Threads(1769, machineCores: 2));
        Assert.Equal(2, LambdaCpuShare.Threads(2048, machineCores: 2));
        Assert.Equal(1, LambdaCpuShare.Threads(512, machineCores: 2));
    }

    [Fact]
    public void Memory_outside_lambdas_range_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LambdaCpuShare.Vcpus(20000));
        Assert.Contains("received 20000", error.Message, StringComparison.Ordinal);
    }
}

using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

public class ContainerConfigTests
{
    [Fact]
    public void A_name_reads_as_instances_concurrency_cores()
    {
        var config = ContainerConfig.Parse("12_4_4");

        Assert.Equal(new ContainerConfig(12, 4, 4), config);
        Assert.Equal("12_4_4", config.Name);
        Assert.Equal(48, config.TotalCores);
        Assert.Equal(48, config.Capacity);
    }

    [Theory]
    [InlineData("1_4")]
    [InlineData("1_0_1")]
    [InlineData("a_b_c")]
    [InlineData("1_-4_1")]
    public void A_malformed_name_is_refused_with_what_was_received(string name)
    {
        var error = Assert.Throws<FormatException>(() => ContainerConfig.Parse(name));
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Instances_get_consecutive_blocks_of_cores()
    {
        var config = ContainerConfig.Parse("2_4_1");

        Assert.Equal([0], config.CpusOf(0));
        Assert.Equal([1], config.CpusOf(1));
        Assert.Equal([0, 1], ContainerConfig.Parse("1_8_2").CpusOf(0));
    }

    [Fact]
    public void The_real_configurations_fit_two_cores()
    {
        Assert.All(ContainerConfig.RealOnTwoCores, c => Assert.True(c.FitsOn(2), c.Name));
        Assert.False(ContainerConfig.Parse("24_2_2").FitsOn(2));
    }
}

using Toolkit.Bench.Scaling.Advisor;

namespace Toolkit.Bootstrap.Tests.Scaling.Advisor;

public class QuickProfileTests
{
    [Fact]
    public void An_in_process_profile_has_samples_at_both_core_counts_a_cold_start_and_the_payload_sizes()
    {
        var profile = QuickProfile.Measure("mobilenet_v1", samplesPerCoreCount: 2).Validated();

        Assert.Equal(2, profile.Samples1CoreMs.Length);
        Assert.Equal(2, profile.Samples2CoresMs.Length);
        Assert.True(profile.ColdStartMs > profile.Samples1CoreMs.Min());
        Assert.Equal(224 * 224 * 3 * sizeof(float), profile.RequestBytes);
        Assert.Equal(1001 * sizeof(float), profile.ResponseBytes);
    }
}

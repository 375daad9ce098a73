using Toolkit.Bootstrap.Startup;

namespace Toolkit.Bootstrap.Tests.Startup;

public class InstructionSetRelaunchTests
{
    private const string CascadeLake = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni\n\nprocessor\t: 1\nflags\t\t: fpu\n";
    private const string Zen3 = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n";

    [Fact]
    public void Every_v4_extension_in_the_first_flags_line_is_needed()
    {
        Assert.True(InstructionSetRelaunch.HasV4Flags(CascadeLake));
        Assert.False(InstructionSetRelaunch.HasV4Flags(Zen3));
        Assert.False(InstructionSetRelaunch.HasV4Flags(CascadeLake.Replace(" avx512vl", "", StringComparison.Ordinal)));
        Assert.False(InstructionSetRelaunch.HasV4Flags("no flags here"));
        Assert.False(InstructionSetRelaunch.HasV4Flags(""));
    }

    [Theory]
    [InlineData(false, null, null, true, CascadeLake, true)]
    [InlineData(true, null, null, true, CascadeLake, false)]
    [InlineData(false, "1", null, true, CascadeLake, false)]
    [InlineData(false, null, "0", true, CascadeLake, false)]
    [InlineData(false, null, "1", true, CascadeLake, true)]
    [InlineData(false, null, null, false, CascadeLake, false)]
    [InlineData(false, null, null, true, Zen3, false)]
    public void A_v3_build_relaunches_only_onto_an_existing_v4_sibling_on_an_avx512_cpu_and_only_once(bool runningAvx512, string? relaunched, string? relaunchSwitch, bool siblingExists, string cpuInfo, bool expected) =>
        Assert.Equal(expected, InstructionSetRelaunch.ShouldRelaunch(runningAvx512, relaunched, relaunchSwitch, siblingExists, () => cpuInfo));
}

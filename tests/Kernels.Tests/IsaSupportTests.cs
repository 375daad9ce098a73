using System.Runtime.Intrinsics;
using Toolkit.Kernels;

namespace Toolkit.Kernels.Tests;

public class IsaSupportTests
{
    [Fact]
    public void Best_resolves_to_the_widest_available_tier()
    {
        var expected = System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? Isa.Avx512
            : Vector256.IsHardwareAccelerated ? Isa.Avx2
            : Vector128.IsHardwareAccelerated ? Isa.Vector128
            : Isa.Scalar;
        Assert.Equal(expected, IsaSupport.Resolve(Isa.Best));
        Assert.Equal(expected, IsaSupport.Available[^1]);
    }

    [Fact]
    public void Scalar_is_always_available()
    {
        Assert.Equal(Isa.Scalar, IsaSupport.Resolve(Isa.Scalar));
        Assert.Contains(Isa.Scalar, IsaSupport.Available);
    }

    [Fact]
    public void Unsupported_tiers_throw_a_clear_error()
    {
        // CI runs this suite again under DOTNET_EnableAVX512=0, where the Avx512 tier is missing.
        foreach (var isa in new[] { Isa.Vector128, Isa.Avx2, Isa.Avx512 }.Where(i => !IsaSupport.IsSupported(i)))
        {
            var error = Assert.Throws<IsaNotSupportedException>(() => CpuContext.Create(isa));
            Assert.Contains(IsaSupport.Name(isa), error.Message, StringComparison.Ordinal);
            Assert.Equal(isa, error.Requested);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => IsaSupport.Resolve((Isa)42));
    }

    [Fact]
    public void Avx512_switch_is_honoured()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.False(IsaSupport.IsSupported(Isa.Avx512));
            Assert.NotEqual(Isa.Avx512, IsaSupport.Resolve(Isa.Best));
        }
    }

    [Theory]
    [InlineData("avx512", Isa.Avx512)]
    [InlineData("AVX2", Isa.Avx2)]
    [InlineData("scalar", Isa.Scalar)]
    [InlineData("best", Isa.Best)]
    public void Names_parse_back(string name, Isa isa)
    {
        Assert.Equal(isa, IsaSupport.Parse(name));
        Assert.Equal(name.ToLowerInvariant(), IsaSupport.Name(isa));
    }

    [Fact]
    public void Unknown_names_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => IsaSupport.Parse("sse9"));
        Assert.Contains("sse9", error.Message, StringComparison.Ordinal);
    }
}

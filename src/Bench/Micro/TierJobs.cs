using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Toolkit.Kernels;

namespace Toolkit.Bench.Micro;

/// <summary>
/// ISA tiers as BenchmarkDotNet jobs. In-process tiers need every tier accelerated in one process; the environment
/// jobs switch tiers the way a serverless vendor's CPU would, across processes. Each job names the widest tier it
/// expects in <see cref="ExpectedIsaVariable"/>, and the suite's setup throws when the process got another one.
/// </summary>
public static class TierJobs
{
    /// <summary>The environment variable a job uses to tell its benchmark process which widest tier it asked for.</summary>
    public const string ExpectedIsaVariable = "TOOLKIT_EXPECTED_ISA";

    /// <summary>
    /// One job in which every tier the CPU has runs, chosen in-process by the benchmark's tier parameter. No switch is
    /// needed on Skylake and Cascade Lake Xeons either: the AVX-512 tier keys on Avx512F, not on the runtime's
    /// preferred vector width (see IsaSupport).
    /// </summary>
    public static Job AllTiers() => MicroConfig.BaseJob.WithId("all-tiers");

    /// <summary>
    /// The cross-process switches (.NET 10): the default, <c>DOTNET_EnableAVX512=0</c> (AVX2 is then the widest) and
    /// <c>DOTNET_EnableAVX2=0</c> (128-bit only). the older AVX512F-suffixed switch does nothing on .NET 10, so it is not used.
    /// </summary>
    public static IEnumerable<Job> EnvironmentSwitched()
    {
        yield return Expecting(MicroConfig.BaseJob, IsaSupport.Widest).WithId("default");
        if (IsaSupport.IsSupported(Isa.Avx2))
        {
            yield return Expecting(MicroConfig.BaseJob.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableAVX512", "0")), Isa.Avx2)
                .WithId("EnableAVX512=0");
        }

        yield return Expecting(MicroConfig.BaseJob.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableAVX2", "0")), Isa.Vector128)
            .WithId("EnableAVX2=0");
    }

    /// <summary>Throws when this benchmark process runs another widest tier than its job asked for.</summary>
    public static void CheckExpectedTier()
    {
        var expected = Environment.GetEnvironmentVariable(ExpectedIsaVariable);
        if (expected is not null && IsaSupport.Parse(expected) != IsaSupport.Widest)
        {
            throw new InvalidOperationException(
                $"The job asked for widest ISA tier '{expected}' but this process runs '{IsaSupport.Name(IsaSupport.Widest)}'; " +
                "the environment switch did not take effect.");
        }
    }

    private static Job Expecting(Job job, Isa isa) =>
        job.WithEnvironmentVariables([.. job.Environment.EnvironmentVariables ?? [], new EnvironmentVariable(ExpectedIsaVariable, IsaSupport.Name(isa))]);

    /// <summary>Config for suites that take the tier as an in-process parameter.</summary>
    public sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(AllTiers());
    }

    /// <summary>Config for suites whose tier is switched by the environment.</summary>
    public sealed class EnvironmentConfig : ManualConfig
    {
        public EnvironmentConfig() => AddJob([.. EnvironmentSwitched()]);
    }
}

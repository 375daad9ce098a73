using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Toolkit.Bench.Micro;

/// <summary>
/// The recommended BenchmarkDotNet config for the <c>micro</c> suites, and the run length the command line asked for.
/// Suites declare their jobs with <see cref="TierJobs"/>, built on <see cref="BaseJob"/>, so <c>--job short</c> shortens
/// every ISA-tier job instead of adding one more job beside them.
/// </summary>
public static class MicroConfig
{
    /// <summary>The run length from <c>--job</c> (default, short, medium, long, dry); the tier jobs copy it.</summary>
    public static Job BaseJob { get; set; } = Job.Default;

    /// <summary>
    /// The recommended config: BenchmarkDotNet's defaults (out-of-process runs, pilot + warm-up + measured iterations,
    /// outlier removal), plus the memory diagnoser, because kernels promise no allocation per call after warm-up, and
    /// one joined summary so tiers line up in a single table.
    /// </summary>
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);

    /// <summary>Maps a <c>--job</c> value to a run length, as BenchmarkDotNet's own switch does.</summary>
    public static Job ParseJob(string name) => name.ToUpperInvariant() switch
    {
        "DEFAULT" => Job.Default,
        "SHORT" => Job.ShortRun,
        "MEDIUM" => Job.MediumRun,
        "LONG" => Job.LongRun,
        "DRY" => Job.Dry,
        _ => throw new ArgumentException($"Unknown --job '{name}'; expected default, short, medium, long or dry.", nameof(name)),
    };
}

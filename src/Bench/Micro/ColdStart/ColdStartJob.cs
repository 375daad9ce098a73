using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Toolkit.Bench.Models;

namespace Toolkit.Bench.Micro.ColdStart;

/// <summary>
/// The job of the cold-start suites: <see cref="RunStrategy.ColdStart"/> (no pilot, no warm-up, one call per
/// iteration), and one iteration per process, so every measurement is the first call in a fresh process, as a
/// platform's cold start is. Five processes give a median without making the suite long: each costs about a second.
/// The benchmark processes run in BenchmarkDotNet's build folder, so the model files are found here, in the
/// harness, and handed to them by full path in environment variables (which they inherit, so they never look again).
/// </summary>
public sealed class ColdStartJob : ManualConfig
{
    public const int Processes = 5;

    /// <summary>The paper's cold-start model; the others only take longer in proportion to their weights.</summary>
    public const string Model = "mobilenet_v1";

    public const string ToolkitModelVariable = "TOOLKIT_COLDSTART_TKM";

    public const string OnnxModelVariable = "TOOLKIT_COLDSTART_ONNX";

    /// <summary>
    /// How long BenchmarkDotNet may take to build the benchmark project: its default of 2 minutes ran out on this
    /// shared 2-core machine under a load average of 25 (measured), before any benchmark ran.
    /// </summary>
    public static readonly TimeSpan BenchmarkBuildTimeout = TimeSpan.FromMinutes(15);

    public ColdStartJob()
    {
        WithBuildTimeout(BenchmarkBuildTimeout);
        AddJob(Job.Default
            .WithStrategy(RunStrategy.ColdStart)
            .WithLaunchCount(Processes)
            .WithWarmupCount(0)
            .WithIterationCount(1)
            .WithEnvironmentVariables(
                new EnvironmentVariable(ToolkitModelVariable, Environment.GetEnvironmentVariable(ToolkitModelVariable) ?? ModelArtifacts.ToolkitPath(Model)),
                new EnvironmentVariable(OnnxModelVariable, Environment.GetEnvironmentVariable(OnnxModelVariable) ?? ModelArtifacts.OnnxPath(Model)))
            .WithId("ColdStart"));
    }

    /// <exception cref="InvalidOperationException">The variable is not set: the benchmark runs outside its job.</exception>
    public static string PathFrom(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException($"{variable} must name the model file the cold-start job hands over; it is not set. Run through `micro --filter '*ColdStart*'`.");
}

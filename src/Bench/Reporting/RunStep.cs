namespace Toolkit.Bench.Reporting;

/// <summary>
/// One experiment of the default run: its name and how to run it into a results file (exit code 0 = success).
/// <paramref name="Timed"/> is false for a build step (publishing the bootstraps), which the run's time budget leaves out.
/// </summary>
public sealed record RunStep(string Name, Func<string, int> Run, bool Timed = true);

/// <summary>How one step ended: <c>ok</c> or <c>failed</c>, with the error of a failed one.</summary>
public sealed record RunStepResult(string Name, string Status, double Seconds, string? Error, bool Timed = true)
{
    public const string Ok = "ok";

    public const string Failed = "failed";
}

namespace Toolkit.Bench.Reporting;

/// <summary>One experiment of the default run: its name and how to run it into a results file (exit code 0 = success).</summary>
public sealed record RunStep(string Name, Func<string, int> Run);

/// <summary>How one step ended.</summary>
public sealed record RunStepResult(string Name, string Status, double Seconds, string? Error);

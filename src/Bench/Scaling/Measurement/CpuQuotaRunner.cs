using System.Diagnostics;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>One command run to completion under a <see cref="CpuLimit"/>: its wall time and how often the quota bit.</summary>
public sealed record CpuLimitedRun(double ElapsedMs, int ExitCode, long ThrottledPeriods);

/// <summary>Runs a command under a CPU limit and waits for it (the check that a quota really throttles).</summary>
public static class CpuQuotaRunner
{
    /// <exception cref="CpuLimitUnavailableException">The limit cannot be enforced here.</exception>
    /// <exception cref="InvalidOperationException">The command could not be started.</exception>
    /// <param name="mechanism">As <see cref="CpuLimitGroup.Create"/> takes it: <c>cgroup</c>, <c>signals</c> or null.</param>
    public static async Task<CpuLimitedRun> RunAsync(CpuLimit limit, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? mechanism = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        using var group = CpuLimitGroup.Create(limit, mechanism: mechanism);
        string[] command = [.. group.Launcher, program, .. arguments];
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var word in command.Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {string.Join(' ', command)}.");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var elapsedMs = stopwatch.Elapsed.TotalMilliseconds;
        return new CpuLimitedRun(elapsedMs, process.ExitCode, group.CpuStat.GetValueOrDefault("nr_throttled"));
    }
}

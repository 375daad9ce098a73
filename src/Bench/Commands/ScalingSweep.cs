using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bench.Commands;

/// <summary>One model's part of a scaling step: its rows once run.</summary>
internal sealed record ModelSweep(string Model, Func<CancellationToken, Task<List<ScalingRow>>> Run);

/// <summary>
/// Runs a scaling step one model at a time and records it: the rows into the <c>scaling</c> section, which faas and
/// containers and each model share, and every model whose CPU quota this machine cannot enforce as a
/// <see cref="Skip"/> with the reason and the commands that enable it. Such a model is skipped, not failed: the others
/// still run and the step succeeds.
/// </summary>
internal static class ScalingSweep
{
    /// <summary>The shell command that runs <paramref name="step"/> (<c>scaling faas</c>, <c>scaling containers</c>) for one model.</summary>
    public static string Command(string step, string model) => $"dotnet run -c Release --project src/Bench -- {step} --models {model}";

    /// <returns>0: a skipped model is recorded, not failed.</returns>
    public static async Task<int> RunAsync(string step, string platform, IReadOnlyList<ModelSweep> sweeps, string? jsonPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        var rows = new List<ScalingRow>();
        var skips = new List<Skip>();
        foreach (var sweep in sweeps)
        {
            try
            {
                rows.AddRange(await sweep.Run(cancellationToken).ConfigureAwait(false));
            }
            catch (CpuLimitUnavailableException e)
            {
                var skip = QuotaSkip(step, sweep.Model, e);
                skips.Add(skip);
                Console.WriteLine($"{step}: {skip.What} skipped: {skip.Reason}");
            }
        }

        if (jsonPath is not null)
        {
            // A run replaces its platform's rows of the models it tried (a skipped one's old rows too) and keeps the rest.
            var models = sweeps.Select(s => s.Model).ToHashSet(StringComparer.Ordinal);
            ResultsFile.Write(jsonPath, "scaling", [.. ScalingRows.Read(jsonPath).Where(r => r.Platform != platform || !models.Contains(r.Model)), .. rows]);
            ResultsFile.WriteSkips(jsonPath, step, skips);
        }

        return 0;
    }

    /// <summary>A model of <paramref name="step"/> whose quota cannot be enforced: the exact message, then how to enable it.</summary>
    public static Skip QuotaSkip(string step, string model, CpuLimitUnavailableException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Skip(step, model,
            $"{error.Message} To enable it: `sudo -E {Command(step, model)}` (cgroup quotas), or as any user on Linux with taskset (util-linux) on PATH " +
            $"and {CpuLimitGroup.QuotaVariable} unset or set to signals (quotas by SIGSTOP/SIGCONT from the harness).");
    }
}

using System.Globalization;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Scaling.Advisor;

/// <summary>Prints the advice: per platform the recommendation, then the runners-up and why each lost.</summary>
public static class AdviceReport
{
    public static void Print(AdviceRequest request, IReadOnlyList<PlatformAdvice> advice, string basis, TextWriter? output = null)
    {
        output ??= Console.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"advise: {request.Model}, p95 <= {request.TargetP95Ms:0.#} ms under {request.Workload.Label}, cold starts included"));
        output.WriteLine();
        var summary = new TextTable("platform", "recommendation", "p95 ms", "median ms", "$ per 1M requests", "cold starts");
        foreach (var platform in advice)
        {
            if (platform.Recommendation is { } r)
            {
                summary.Add(platform.Platform, r.Config, r.PredictedP95Ms, r.PredictedMedianMs, r.CostPerMillionUsd, r.ColdStarts);
            }
            else
            {
                summary.Add(platform.Platform, $"none of {platform.Evaluated} meets the target", null, null, null, null);
            }
        }

        output.Write(summary.ToString());
        foreach (var platform in advice)
        {
            output.WriteLine();
            output.WriteLine($"{platform.Platform}: {platform.Evaluated} configurations simulated; runners-up:");
            foreach (var runnerUp in platform.RunnersUp)
            {
                output.WriteLine($"  {runnerUp.Candidate.Config}: {runnerUp.LostBecause}");
            }

            foreach (var note in platform.ModelNotes)
            {
                output.WriteLine($"  model: {note}");
            }
        }

        output.WriteLine();
        output.WriteLine(basis);
    }
}

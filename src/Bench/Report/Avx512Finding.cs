using Toolkit.Bench.Report.Internal;
using Toolkit.Bench.Table3;

namespace Toolkit.Bench.Report;

/// <summary>
/// The paper's Table 3 claim, checked on the <c>table3</c> rows of each engine that ran at both AVX2 and AVX-512: our
/// kernels and libtorch (torchsharp), the closer analogue of the paper's TensorFlow. Each engine gets its own verdict;
/// the finding is theirs when they agree and <see cref="Verdict.EnginesDisagree"/> when they do not.
/// </summary>
public static class Avx512Finding
{
    /// <summary>An AVX-512 speed-up (AVX2 time ÷ AVX-512 time) at or above this counts as "helps": 10% is about twice
    /// the run-to-run spread of a table3 median on this shared 2-core machine, so smaller gains are not claimed.</summary>
    public const double HelpsSpeedup = 1.10;

    private const string Claim = "AVX-512 speeds inference up for some models and not for others (paper Table 3: 0.96× to 1.76×).";

    private static readonly (string Engine, string Name)[] Engines = [("kernels", "our kernels"), ("torchsharp", "libtorch")];

    public static Finding Evaluate(ResultsDocument results)
    {
        var judged = new List<(string Name, Verdict Verdict, string Text)>();
        foreach (var (engine, name) in Engines)
        {
            var speedups = Speedups(results, engine);
            if (speedups.Count == 0)
            {
                continue;
            }

            var list = string.Join(", ", speedups.Select(s => $"{s.Model} {Numbers.Times(s.Speedup)}"));
            if (speedups.Count == 1)
            {
                judged.Add((name, Verdict.NotMeasured, $"{name}: only {list}, one model"));
                continue;
            }

            var helped = speedups.Count(s => s.Speedup >= HelpsSpeedup);
            var verdict = helped > 0 && helped < speedups.Count ? Verdict.Confirmed : Verdict.NotConfirmed;
            var summary = helped == speedups.Count ? "every model gains" : helped == 0 ? "no model gains" : $"{helped} of {speedups.Count} models gain";
            judged.Add((name, verdict, $"{name}: {list}; {summary}"));
        }

        var decided = judged.Where(j => j.Verdict != Verdict.NotMeasured).ToList();
        var evidence = $"AVX2 ÷ AVX-512 median latency, one thread where measured ({string.Join("; ", judged.Select(j => j.Text))}); \"gains\" means at least {Numbers.Times(HelpsSpeedup)}. " +
                       $"Paper: {string.Join(", ", PaperTable3.Rows.Select(p => $"{p.Key} {Numbers.Times(p.Value.ServingSpeedup)} (TF-Serving)"))}.";
        if (decided.Count == 0)
        {
            return new("avx512", Claim, Verdict.NotMeasured, judged.Count == 0
                ? "No engine has both an avx2 and an avx512 row for a model (the CPU may lack AVX-512, or table3 did not run)."
                : evidence + " The claim compares models, so run table3 with more models.");
        }

        var verdicts = decided.Select(d => d.Verdict).Distinct().ToList();
        return verdicts.Count == 1
            ? new("avx512", Claim, verdicts[0], evidence)
            : new("avx512", Claim, Verdict.EnginesDisagree, evidence + $" {string.Join(" and ", decided.Select(d => $"{d.Name} {(d.Verdict == Verdict.Confirmed ? "shows" : "does not show")} the mixed pattern"))}.");
    }

    /// <summary>AVX2 ÷ AVX-512 median of <paramref name="engine"/> per model, at the fewest threads measured: the paper's
    /// m5.large numbers are per-request latency, closest to one core's work.</summary>
    internal static List<(string Model, int Threads, double Speedup)> Speedups(ResultsDocument results, string engine)
    {
        var speedups = new List<(string Model, int Threads, double Speedup)>();
        foreach (var model in results.Rows("table3").Where(r => (r.Text("engine") ?? "kernels") == engine).GroupBy(r => r.Label("model")))
        {
            var pairs = (from avx2 in model.Where(r => r.Text("isa") == "avx2")
                         join avx512 in model.Where(r => r.Text("isa") == "avx512") on avx2.Number("threads") equals avx512.Number("threads")
                         let slow = avx2.Number("median_ms") ?? 0
                         let fast = avx512.Number("median_ms") ?? 0
                         where slow > 0 && fast > 0
                         orderby avx2.Number("threads")
                         select (Threads: (int)(avx2.Number("threads") ?? 1), Speedup: slow / fast)).ToList();
            if (pairs.Count > 0)
            {
                speedups.Add((model.Key, pairs[0].Threads, pairs[0].Speedup));
            }
        }

        return speedups;
    }
}

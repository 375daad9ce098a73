using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report;

/// <summary>
/// The paper's Figure 5 claim, checked on the <c>scaling</c> rows: at the same total of cores, more smaller instances
/// answer a burst faster and cost no more. Two pairs are compared where present: the paper's 24_2_2 against 12_4_4
/// (simulated from this machine's service times) and 2_1_1 against 1_1_2 (both run for real here).
/// </summary>
public static class InstancesFinding
{
    private const string Claim = "On Cloud Run, more instances beat more cores per instance at a lower cost.";

    private static readonly (string Many, string Few)[] Pairs = [("24_2_2", "12_4_4"), ("2_1_1", "1_1_2")];

    public static Finding Evaluate(ResultsDocument results)
    {
        var rows = results.Rows("scaling").Where(r => r.Text("platform") == "containers").ToList();
        var verdicts = new List<(bool Holds, string Text)>();
        foreach (var (many, few) in Pairs)
        {
            foreach (var model in rows.GroupBy(r => r.Label("model")))
            {
                if (Find(model, many) is { } a && Find(model, few) is { } b && a.P95("latency_ms") is { } fast && b.P95("latency_ms") is { } slow)
                {
                    var cheaper = (a.Number("cost_per_million_usd") ?? 0) <= (b.Number("cost_per_million_usd") ?? 0);
                    verdicts.Add((fast < slow && cheaper,
                        $"{model.Key} {many} p95 {Numbers.Sig(fast)} ms at ${Numbers.Sig(a.Number("cost_per_million_usd"))}/M against {few} " +
                        $"{Numbers.Sig(slow)} ms at ${Numbers.Sig(b.Number("cost_per_million_usd"))}/M ({a.Label("source")})"));
                }
            }
        }

        if (verdicts.Count == 0)
        {
            return new("instances_vs_cores", Claim, Verdict.NotMeasured, "No scaling containers rows compare the same cores spread over more or fewer instances (run scaling containers).");
        }

        var verdict = verdicts.All(v => v.Holds) ? Verdict.Confirmed : Verdict.NotConfirmed;
        return new("instances_vs_cores", Claim, verdict, string.Join("; ", verdicts.Select(v => v.Text)) + ".");
    }

    /// <summary>The measured row of a configuration when it ran for real, else its simulated one.</summary>
    private static JsonObject? Find(IEnumerable<JsonObject> rows, string config) =>
        rows.Where(r => r.Text("config") == config).OrderBy(r => r.Text("source") == "measured" ? 0 : 1).FirstOrDefault();
}

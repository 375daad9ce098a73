using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>
/// Figure 4: per model, latency and cost against the Lambda memory size, from the bootstrap run under the CPU quota
/// each size buys; sizes this machine capped at its cores are marked; what the paper saw beside ours.
/// </summary>
internal static class Figure4Section
{
    private const string Name = "scaling_faas";
    private const string Title = "Figure 4: latency and cost against Lambda memory";

    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var sweeps = FaasSweep.Read(results);
        var skipped = StepSkips.Note(results, FaasPlan.Step);
        if (sweeps.Count == 0)
        {
            writer.SkippedSection(Name, Title, $"no `scaling` rows of platform `faas` (run `{FaasPlan.Step} --models mobilenet_v1 bert --json PATH`).{skipped}");
            return;
        }

        writer.Section(Name, Title);
        writer.Paragraph("Warm requests, one at a time, to the Cloud Run bootstrap under the CPU quota each Lambda memory size buys (Lambda's share, " +
                         "memory ÷ 1769 MB vCPU) with one inference thread per started vCPU. Cost is Lambda's bill for a million such requests (the handler's " +
                         "GB-seconds and the request fee). The compared latency, which the verdict and the figure read, is the mean end to end of the recorded " +
                         "requests (the median inference time where a row has no samples): below one vCPU a request shorter than the quota's slice of each " +
                         "100 ms period runs at full speed and only some wait out the period, which the median hides. The relative columns divide by the " +
                         $"{FaasSweep.ReferenceMemoryMb} MB row, the paper's reference (or the full size nearest it). A capped size got only this machine's cores: " +
                         "its latency is an upper bound of Lambda's, and the verdict leaves it out." + skipped);
        writer.Table(Table(sweeps));
        foreach (var sweep in sweeps)
        {
            var step = sweep.Step();
            var paper = MemorySweepFinding.PaperSaw(sweep.Model);
            writer.Bullet($"{sweep.Model}: paper (Figure 4): {paper ?? "not in the paper's Figure 4"}; here: " +
                          (step is null ? $"no size from one vCPU up to {Numbers.Times(FaasSweep.MinStepMemoryRatio)} that memory in full." : MemorySweepFinding.Describe(step) + "."));
        }

        writer.EndList();
        var capped = sweeps.SelectMany(s => s.Sizes).FirstOrDefault(s => s.Capped && s.Vcpus > 0 && s.QuotaCores > 0);
        var mark = capped is null ? null : new XMark(capped.QuotaCores!.Value * capped.MemoryMb / capped.Vcpus!.Value, $"this machine's {Numbers.Int(capped.QuotaCores)} cores: capped right of here");
        var lines = sweeps.SelectMany((sweep, i) => Lines(sweep, i)).ToList();
        writer.Figure("scaling_faas.png", $"Compared latency (solid) and cost per request (dashed) against Lambda memory, each ÷ its {FaasSweep.ReferenceMemoryMb} MB value as the paper's Figure 4 gives cost",
            path => Charts.Lines(path, "Lambda memory sweep (paper's Figure 4)", "configured memory (MB)", $"÷ the {FaasSweep.ReferenceMemoryMb} MB value", lines, mark));
    }

    private static MarkdownTable Table(List<FaasSweep> sweeps)
    {
        var table = new MarkdownTable("model", "memory", "vCPU (Lambda)", "quota here (cores)", "threads", "inference (ms, p95)", "end to end (ms, p95)",
            "compared (ms)", "compared ÷ ref.", "cost ($ per 1M)", "cost ÷ ref.", "cold start (ms)", "quota by");
        table.RightAligned.UnionWith(Enumerable.Range(2, 10));
        foreach (var sweep in sweeps)
        {
            var reference = sweep.Reference;
            foreach (var size in sweep.Sizes)
            {
                var row = size.Row;
                table.Add(sweep.Model, $"{size.MemoryMb} MB" + (size.Capped ? " (capped)" : ""), Numbers.Sig(size.Vcpus), Numbers.Sig(size.QuotaCores), Numbers.Int(row.Number("threads")),
                    $"{Numbers.Sig(row.Median("inference_ms"))} ({Numbers.Sig(row.P95("inference_ms"))})", $"{Numbers.Sig(row.Median("latency_ms"))} ({Numbers.Sig(row.P95("latency_ms"))})",
                    Numbers.Sig(size.LatencyMs), Numbers.Times(size.LatencyMs / reference?.LatencyMs), Numbers.Sig(size.CostPerMillionUsd), Numbers.Times(size.CostPerMillionUsd / reference?.CostPerMillionUsd),
                    Numbers.Sig(row.Number("cold_start_ms")), row.Text("quota_mechanism") ?? "–");
            }
        }

        return table;
    }

    /// <summary>A model's latency (solid) and cost (dashed) lines, each ÷ its reference size's; none without a reference.</summary>
    private static IEnumerable<LineSeries> Lines(FaasSweep sweep, int slot)
    {
        if (sweep.Reference is not { } reference)
        {
            yield break;
        }

        yield return new LineSeries($"{sweep.Model} latency (solid)", [.. sweep.Sizes.Where(s => s.LatencyMs is not null && reference.LatencyMs > 0).Select(s => ((double)s.MemoryMb, s.LatencyMs!.Value / reference.LatencyMs!.Value))], slot);
        yield return new LineSeries($"{sweep.Model} cost (dashed)", [.. sweep.Sizes.Where(s => s.CostPerMillionUsd is not null && reference.CostPerMillionUsd > 0).Select(s => ((double)s.MemoryMb, s.CostPerMillionUsd!.Value / reference.CostPerMillionUsd!.Value))], slot, Dashed: true);
    }
}

using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>The models as built here beside the paper's Table 2 sizes and GFLOPS.</summary>
internal static class ModelsSection
{
    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("models");
        if (rows.Count == 0)
        {
            writer.SkippedSection("models", "Models", "no `models` section (run `models --json PATH`).");
            return;
        }

        writer.Section("models", "Models (paper Table 2, left columns)");
        var table = new MarkdownTable("model", "parameters (M)", "weights (MB)", "paper model size (MB)", "GFLOPs per inference", "paper GFLOPS");
        foreach (var i in new[] { 1, 2, 3, 4, 5 })
        {
            table.RightAligned.Add(i);
        }

        foreach (var row in rows)
        {
            table.Add(row.Label("model"), Numbers.Sig(row.Number("params") / 1e6), Numbers.Sig(row.Number("weight_bytes") / 1e6),
                Numbers.Sig(row.Number("paper_model_mb")), Numbers.Sig(row.Number("gflops")), Numbers.Sig(row.Number("paper_gflops")));
        }

        writer.Table(table);
    }
}

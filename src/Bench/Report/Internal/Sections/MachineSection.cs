using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>The machine the numbers come from, and the steps of the run that recorded them.</summary>
internal static class MachineSection
{
    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        if (results.Block("machine") is not { } machine)
        {
            writer.SkippedSection("machine", "Machine", "no `machine` block, so the CPU these numbers come from is unknown.");
            return;
        }

        writer.Section("machine", "Machine");
        var table = new MarkdownTable("property", "value");
        table.Add("CPU", machine.Label("cpu_model"));
        table.Add("cores", Numbers.Int(machine.Number("cores")));
        table.Add("memory", machine.Number("memory_gib") is { } gib ? Numbers.Fixed(gib, 1) + " GiB" : "?");
        table.Add("OS", machine.Label("os"));
        table.Add(".NET", machine.Label("dotnet"));
        table.Add("ISA flags", string.Join(' ', machine.Strings("isa_flags")));
        table.Add("ISA tiers", string.Join(' ', machine.Strings("isa_tiers")));
        writer.Table(table);

        var steps = results.Block("run")?["steps"] is System.Text.Json.Nodes.JsonArray array ? array.OfType<System.Text.Json.Nodes.JsonObject>().ToList() : [];
        if (steps.Count > 0)
        {
            var run = new MarkdownTable("step", "status", "duration");
            run.RightAligned.Add(2);
            foreach (var step in steps)
            {
                run.Add(step.Label("name"), step.Label("status"), step.Number("seconds") is { } s ? Numbers.Fixed(s, 1) + " s" : "–");
            }

            writer.Paragraph($"Recorded by the default run started {results.Block("run")?.Text("started_utc") ?? "?"} (UTC):");
            writer.Table(run);
        }
    }
}

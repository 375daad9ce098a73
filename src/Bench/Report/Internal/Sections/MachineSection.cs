using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>The machine the numbers come from.</summary>
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
        if (machine.Strings("int8_tiers").ToList() is { Count: > 0 } int8)
        {
            table.Add("int8 tiers", string.Join(' ', int8));
        }
        writer.Table(table);
    }
}

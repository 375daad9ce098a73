using System.CommandLine;
using Toolkit.Bench.Report;

namespace Toolkit.Bench.Commands;

/// <summary><c>report --from results.json [--out DIR]</c>: regenerates report.md and its figures from any recorded results file.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The results file to read (written by --json or by the default run).", Required = true };
        var output = new Option<string?>("--out") { Description = "Directory for report.md and the PNG figures (default: the results file's directory)." };
        var command = new Command("report", "Writes report.md and PNG figures from a recorded results file, our numbers beside the paper's.") { from, output };
        command.SetAction(parse => Run(parse.GetValue(from)!, parse.GetValue(output)));
        return command;
    }

    public static int Run(string resultsPath, string? outputDirectory)
    {
        ReportOutput report;
        try
        {
            report = ReportGenerator.Generate(resultsPath, outputDirectory ?? Path.GetDirectoryName(Path.GetFullPath(resultsPath)) ?? ".");
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"report: {e.Message}");
            return 1;
        }

        Print(report);
        return 0;
    }

    public static void Print(ReportOutput report)
    {
        Console.WriteLine($"wrote {report.MarkdownPath} and {report.FigurePaths.Count} figures ({string.Join(", ", report.FigurePaths.Select(Path.GetFileName))})");
        if (report.SkippedSections.Count > 0)
        {
            Console.WriteLine($"sections without data: {string.Join(", ", report.SkippedSections)}");
        }

        foreach (var finding in report.Findings)
        {
            Console.WriteLine($"  {finding.VerdictText,-28} {finding.Claim}");
        }
    }
}

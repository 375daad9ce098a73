using System.Globalization;
using Toolkit.Bench.Report.Internal;
using Toolkit.Bench.Report.Internal.Sections;

namespace Toolkit.Bench.Report;

/// <summary>What one report generation wrote, and which sections had data.</summary>
public sealed record ReportOutput(
    string MarkdownPath,
    IReadOnlyList<string> FigurePaths,
    IReadOnlyList<string> RenderedSections,
    IReadOnlyList<string> SkippedSections,
    IReadOnlyList<Finding> Findings);

/// <summary>
/// Turns a recorded results file into <c>report.md</c> plus PNG figures beside it: the machine, the paper's findings
/// with verdicts, and one section per experiment with our numbers beside the paper's. Missing sections become notes.
/// </summary>
public static class ReportGenerator
{
    public const string MarkdownFileName = "report.md";

    public static ReportOutput Generate(string resultsPath, string outputDirectory) =>
        Generate(ResultsDocument.Load(resultsPath), outputDirectory);

    public static ReportOutput Generate(ResultsDocument results, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var writer = new ReportWriter(outputDirectory);
        var findings = PaperFindings.Evaluate(results);

        writer.Paragraph("# Serverless DNN inference: the paper's experiments on this machine");
        writer.Paragraph($"Generated {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC from `{Path.GetFileName(results.Source)}`. " +
                         "The paper is Song et al., *When Serverless Computing Meets Different Degrees of Customization for DNN Inference* (WoSC '23), which measured AWS Lambda, SageMaker Serverless Inference and Cloud Run with Python and TensorFlow; " +
                         "its numbers come from those platforms, ours from the machine below. Compare ratios more than absolute times.");
        MachineSection.Write(writer, results);
        RunSection.Write(writer, results);
        FindingsSection.Write(writer, findings);
        ModelsSection.Write(writer, results);
        Table2Section.Write(writer, results);
        KernelsSection.Write(writer, results);
        Table3Section.Write(writer, results);
        ProtocolsSection.Write(writer, results);
        Figure4Section.Write(writer, results);
        Figure5Section.Write(writer, results);
        ColdStartSection.Write(writer, results);
        TargetsSection.Write(writer, results);

        var markdownPath = Path.Combine(outputDirectory, MarkdownFileName);
        File.WriteAllText(markdownPath, writer.Markdown);
        return new ReportOutput(markdownPath, writer.Figures, writer.Rendered, writer.Skipped, findings);
    }
}

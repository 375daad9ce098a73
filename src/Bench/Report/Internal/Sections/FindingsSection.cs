using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>The paper's findings, one sentence each, with this machine's verdict and the numbers behind it.</summary>
internal static class FindingsSection
{
    public static void Write(ReportWriter writer, IReadOnlyList<Finding> findings)
    {
        writer.Section("findings", "Findings");
        writer.Paragraph("Each of the paper's findings, checked against the numbers below (thresholds in `PaperFindings`).");
        foreach (var finding in findings)
        {
            writer.Bullet($"**{finding.VerdictText}** — {finding.Claim} {finding.Evidence}");
        }

        writer.EndList();
    }
}

using System.Text;

namespace Toolkit.Bench.Report.Internal;

/// <summary>Collects the Markdown text, the figures written beside it, and which sections had data.</summary>
internal sealed class ReportWriter(string outputDirectory)
{
    private readonly StringBuilder markdown = new();

    public string OutputDirectory { get; } = outputDirectory;

    public List<string> Figures { get; } = [];

    public List<string> Rendered { get; } = [];

    public List<string> Skipped { get; } = [];

    public string Markdown => markdown.ToString();

    public void Heading(int level, string text) => markdown.AppendLine().Append('#', level).Append(' ').AppendLine(text).AppendLine();

    public void Paragraph(string text) => markdown.AppendLine(text).AppendLine();

    public void Bullet(string text) => markdown.Append("- ").AppendLine(text);

    public void EndList() => markdown.AppendLine();

    public void Table(MarkdownTable table) => markdown.Append(table).AppendLine();

    /// <summary>A section that had data.</summary>
    public void Section(string name, string title)
    {
        Rendered.Add(name);
        Heading(2, title);
    }

    /// <summary>A section without data: a heading and a note saying what is missing and how to get it.</summary>
    public void SkippedSection(string name, string title, string note)
    {
        Skipped.Add(name);
        Heading(2, title);
        Paragraph("_Not in this results file: " + note + "_");
    }

    /// <summary>Renders a PNG beside the report and links it; a rendering failure becomes a note, not a failed report.</summary>
    public void Figure(string fileName, string caption, Action<string> render)
    {
        var path = Path.Combine(OutputDirectory, fileName);
        try
        {
            render(path);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or IOException or UnauthorizedAccessException)
        {
            Paragraph($"_Figure `{fileName}` could not be rendered: {e.GetType().Name}: {e.Message}_");
            return;
        }

        Figures.Add(path);
        Paragraph($"![{caption}]({fileName})");
        Paragraph($"*{caption}*");
    }
}

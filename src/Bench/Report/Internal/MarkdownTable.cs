using System.Text;

namespace Toolkit.Bench.Report.Internal;

/// <summary>A GitHub-flavoured Markdown table; cells are escaped so a '|' in a label cannot break the layout.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    /// <summary>Columns whose cells are right-aligned (numbers).</summary>
    public HashSet<int> RightAligned { get; } = [];

    public int Count => rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Markdown row: expected {headers.Length} cells (one per header); received {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers.Select(Escape)).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => RightAligned.Contains(i) ? "---:" : "---")).AppendLine("|");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        }

        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

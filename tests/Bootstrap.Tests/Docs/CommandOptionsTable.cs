using System.Text.RegularExpressions;
using Toolkit.Bootstrap.Tests.Docs.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Docs;

/// <summary>
/// What one command's section of docs/commands.md names: the rows of its options table, the table whose header's first
/// cell is <c>option</c>. A row's first cell starts with the option in code (<c>`--runs N`</c>) or, for an argument,
/// its name (<c>`NAME`</c>). Options named anywhere else in the section (prose, examples, other tables) do not count,
/// so a section may mention another command's options.
/// </summary>
internal sealed partial record CommandOptionsTable(IReadOnlyList<(string Name, int LineNumber)> Options, IReadOnlyList<(string Name, int LineNumber)> Arguments)
{
    public static CommandOptionsTable Of(MarkdownFile file, Heading section)
    {
        var options = new List<(string, int)>();
        var arguments = new List<(string, int)>();
        var inTable = false;
        foreach (var (number, text) in file.SectionLines(section))
        {
            var line = text.Trim();
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var firstCell = line.Split('|', StringSplitOptions.TrimEntries)[1];
            if (!inTable)
            {
                // Only a table headed "| option | …" is an options table.
                inTable = firstCell.Equals("option", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            if (FirstCodeWord().Match(firstCell) is not { Success: true } match)
            {
                continue; // the |---| separator, or a row without a name in code
            }

            var name = match.Groups[1].Value;
            if (name.StartsWith('-'))
            {
                options.Add((OptionName().Match(name).Value, number));
            }
            else
            {
                arguments.Add((name, number));
            }
        }

        return new CommandOptionsTable(options, arguments);
    }

    [GeneratedRegex(@"^`([^`\s]+)")]
    private static partial Regex FirstCodeWord();

    // "--clock wall|cpu" is written "--clock wall\|cpu" inside a table; the name ends where letters, digits and '-' do.
    [GeneratedRegex(@"^-{1,2}[A-Za-z0-9][A-Za-z0-9-]*")]
    private static partial Regex OptionName();
}

using System.Text.RegularExpressions;
using Toolkit.Bootstrap.Tests.Docs.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Docs;

/// <summary>
/// What one command's section of docs/commands.md names: the rows of its options table, the table whose header's first
/// cell is <c>option</c>. A row's first cell starts with the option in code (<c>`--runs N`</c>) or, for an argument,
/// its name (<c>`NAME`</c>); its second cell is the default. Options named anywhere else in the section (prose,
/// examples, other tables) do not count, so a section may mention another command's options.
/// </summary>
internal sealed partial record CommandOptionsTable(IReadOnlyList<(string Name, int LineNumber)> Options, IReadOnlyList<(string Name, int LineNumber)> Arguments)
{
    /// <summary>Each option row's default cell as written (<c>`10`</c>, <c>off</c>), by option name as the row spells it.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; private init; } = new Dictionary<string, string>();

    public static CommandOptionsTable Of(MarkdownFile file, Heading section)
    {
        var options = new List<(string, int)>();
        var arguments = new List<(string, int)>();
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        var inTable = false;
        foreach (var (number, text) in file.SectionLines(section))
        {
            var line = text.Trim();
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            // "\|" inside a cell is a literal bar, not a cell boundary.
            var cells = line.Replace("\\|", "\u0001", StringComparison.Ordinal).Split('|', StringSplitOptions.TrimEntries)
                .Select(c => c.Replace('\u0001', '|')).ToArray();
            var firstCell = cells[1];
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
                var option = OptionName().Match(name).Value;
                options.Add((option, number));
                if (cells.Length > 3)
                {
                    defaults.TryAdd(option, cells[2]);
                }
            }
            else
            {
                arguments.Add((name, number));
            }
        }

        return new CommandOptionsTable(options, arguments) { Defaults = defaults };
    }

    [GeneratedRegex(@"^`([^`\s]+)")]
    private static partial Regex FirstCodeWord();

    // "--clock wall|cpu" (written "--clock wall\|cpu" in the table): the name ends where letters, digits and '-' do.
    [GeneratedRegex(@"^-{1,2}[A-Za-z0-9][A-Za-z0-9-]*")]
    private static partial Regex OptionName();
}

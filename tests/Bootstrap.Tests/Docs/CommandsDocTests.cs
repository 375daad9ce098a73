using System.Collections;
using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text.RegularExpressions;
using Toolkit.Bench.Commands;
using Toolkit.Bootstrap.Tests.Aot;
using Toolkit.Bootstrap.Tests.Docs.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Docs;

/// <summary>
/// docs/commands.md keeps up with the code: every visible Bench command and sub-command, built in-process from
/// <see cref="BenchCommands.All"/>, has a section (a heading <c>## `coldstart`</c>, <c>### `scaling faas`</c>) whose
/// options table names each of its options and arguments and nothing else; and the default run's section names the
/// options <c>src/Bench/Program.cs</c> gives the root command.
/// </summary>
public sealed partial class CommandsDocTests
{
    private const string Doc = "docs/commands.md";

    private const string ProgramFile = "src/Bench/Program.cs";

    /// <summary>The heading of the default run's section starts with this.</summary>
    private const string DefaultRunHeading = "The default run";

    [Fact]
    public void Every_command_has_a_section_whose_options_table_names_exactly_its_options()
    {
        var file = MarkdownFile.Read(Doc);
        var sections = CommandSections(file);
        var commands = CommandTree.Visible();
        var problems = new List<string>();
        foreach (var (path, command) in commands)
        {
            if (!sections.TryGetValue(path, out var section))
            {
                var level = path.Contains(' ', StringComparison.Ordinal) ? "###" : "##";
                problems.Add($"{Doc} has no section for command `{path}`: add a heading \"{level} `{path}`\" with an options table (| option | default | what it does |).");
                continue;
            }

            var table = CommandOptionsTable.Of(file, section);
            problems.AddRange(Compare($"command `{path}`", section, "option", Expected(command.Options.Where(IsOwnOption)), table.Options));
            problems.AddRange(Compare($"command `{path}`", section, "argument", Expected(command.Arguments), table.Arguments));
        }

        foreach (var (path, section) in sections.Where(s => !commands.ContainsKey(s.Key)))
        {
            problems.Add($"{Doc} line {section.LineNumber}: section `{path}` is for no visible Bench command (renamed, removed or hidden?).");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_default_written_in_code_is_the_options_default()
    {
        // A default cell in code (`10`, `lambda sagemaker cloudrun`) must be what System.CommandLine would use; a
        // default in words ("every zoo model", "off") is not compared, nor an option without a default of its own.
        var file = MarkdownFile.Read(Doc);
        var sections = CommandSections(file);
        var problems = new List<string>();
        var compared = 0;
        foreach (var (path, command) in CommandTree.Visible())
        {
            if (!sections.TryGetValue(path, out var section))
            {
                continue; // the test above reports it
            }

            var table = CommandOptionsTable.Of(file, section);
            foreach (var option in command.Options.Where(IsOwnOption))
            {
                var cell = option.Aliases.Prepend(option.Name).Select(n => table.Defaults.GetValueOrDefault(n)).FirstOrDefault(c => c is not null);
                if (cell is null || DefaultText(option) is not { } actual || FirstCodeSpan().Match(cell) is not { Success: true } written)
                {
                    continue;
                }

                compared++;
                if (!written.Groups[1].Value.Equals(actual, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{Doc}, section \"{section.Text}\": {option.Name} defaults to `{actual}`, but its row says `{written.Groups[1].Value}`.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(compared >= 20, $"only {compared} defaults were compared; has the options table's layout (| option | default | what it does |) changed?");
    }

    [Fact]
    public void The_default_run_section_names_exactly_the_root_commands_options()
    {
        // The root command is built in Program.cs's top-level statements, which a test cannot call, so its options are
        // read from the source: each `new Option<…>("--name")` there.
        var source = File.ReadAllText(Path.Combine(PublishedBootstrap.RepositoryRoot, ProgramFile));
        var rootOptions = RootOption().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var file = MarkdownFile.Read(Doc);
        var section = file.Headings.FirstOrDefault(h => h.Level == 2 && h.Text.StartsWith(DefaultRunHeading, StringComparison.Ordinal));
        Assert.True(section is not null, $"{Doc} has no section for the default run: add a heading \"## {DefaultRunHeading} (no command)\" with an options table.");

        var table = CommandOptionsTable.Of(file, section);
        var problems = Compare($"the default run ({ProgramFile})", section, "option", rootOptions.ToDictionary(o => o, o => o, StringComparer.Ordinal), table.Options)
            .Concat(table.Arguments.Select(a => $"{Doc} line {a.LineNumber}: the default run takes no arguments, but its options table names `{a.Name}`."))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>The sections headed by a command in code, <c>## `kernels`</c>, by command path.</summary>
    private static Dictionary<string, Heading> CommandSections(MarkdownFile file)
    {
        var sections = new Dictionary<string, Heading>(StringComparer.Ordinal);
        foreach (var heading in file.Headings)
        {
            if (heading.Level >= 2 && CommandHeading().Match(heading.Text) is { Success: true } match)
            {
                sections.TryAdd(match.Groups[1].Value, heading);
            }
        }

        return sections;
    }

    // System.CommandLine adds --help and --version to a root command by itself; they are nobody's to document.
    private static bool IsOwnOption(Option option) => option is not HelpOption and not VersionOption && !option.Hidden;

    /// <summary>Each name or alias a row may use, mapped to the option's (or argument's) name.</summary>
    private static Dictionary<string, string> Expected(IEnumerable<Symbol> symbols)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var symbol in symbols)
        {
            names[symbol.Name] = symbol.Name;
            if (symbol is Option option)
            {
                foreach (var alias in option.Aliases)
                {
                    names[alias] = symbol.Name;
                }
            }
        }

        return names;
    }

    private static IEnumerable<string> Compare(string owner, Heading section, string kind, Dictionary<string, string> expected, IReadOnlyList<(string Name, int LineNumber)> documented)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, line) in documented)
        {
            if (expected.TryGetValue(name, out var canonical))
            {
                named.Add(canonical);
            }
            else
            {
                yield return $"{Doc} line {line}: the options table of section \"{section.Text}\" names {kind} {name}, which {owner} does not have.";
            }
        }

        foreach (var missing in expected.Values.Distinct(StringComparer.Ordinal).Where(n => !named.Contains(n)).Order(StringComparer.Ordinal))
        {
            yield return $"{Doc} line {section.LineNumber}: section \"{section.Text}\" does not name {kind} {missing} of {owner}; add a row \"| `{missing} …` | default | what it does |\" to its options table.";
        }
    }

    /// <summary>An option's default as a docs row writes it: list items separated by spaces, numbers invariant; null for
    /// a flag or an option without a default.</summary>
    private static string? DefaultText(Option option)
    {
        if (!option.HasDefaultValue || option.ValueType == typeof(bool) || option.GetDefaultValue() is not { } value)
        {
            return null;
        }

        static string Format(object? item) => item is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : item?.ToString() ?? "";
        return value is IEnumerable list and not string ? string.Join(' ', list.Cast<object?>().Select(Format)) : Format(value);
    }

    [GeneratedRegex(@"^`([^`]+)`")]
    private static partial Regex CommandHeading();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex FirstCodeSpan();

    [GeneratedRegex(@"new\s+Option<[^>]*>\(\s*""([^""]+)""")]
    private static partial Regex RootOption();
}

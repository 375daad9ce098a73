using System.CommandLine;
using System.CommandLine.Help;
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
        var commands = VisibleCommands();
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

    /// <summary>Every command a user can run, by its path (<c>scaling faas</c>), hidden ones (torchsharp-worker) left out.</summary>
    private static Dictionary<string, Command> VisibleCommands()
    {
        var commands = new Dictionary<string, Command>(StringComparer.Ordinal);
        void Add(string prefix, Command command)
        {
            if (command.Hidden)
            {
                return;
            }

            var path = prefix.Length == 0 ? command.Name : $"{prefix} {command.Name}";
            commands.Add(path, command);
            foreach (var sub in command.Subcommands)
            {
                Add(path, sub);
            }
        }

        foreach (var command in BenchCommands.All())
        {
            Add("", command);
        }

        return commands;
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

    [GeneratedRegex(@"^`([^`]+)`")]
    private static partial Regex CommandHeading();

    [GeneratedRegex(@"new\s+Option<[^>]*>\(\s*""([^""]+)""")]
    private static partial Regex RootOption();
}

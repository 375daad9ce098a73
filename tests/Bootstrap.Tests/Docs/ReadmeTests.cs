using System.Text.RegularExpressions;
using Toolkit.Bench.Commands;
using Toolkit.Bootstrap.Tests.Aot;
using Toolkit.Bootstrap.Tests.Docs.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Docs;

/// <summary>
/// README.md is the front door: it gives exactly the two set-up commands (the second is what .ci/run runs), its table
/// of commands names real commands and every top-level one, and every page it and docs/ link to is there. Each docs
/// page opens with its title and a one-line purpose, and the README links to every one of them.
/// </summary>
public sealed partial class ReadmeTests
{
    private const string Readme = "README.md";

    private const string CiScript = ".ci/run";

    /// <summary>The main job and the tests, as a newcomer types them (.ci/run runs the second).</summary>
    private static readonly string[] SetUpCommands =
    [
        "dotnet run -c Release --project src/Bench",
        "dotnet test Toolkit.sln -c Release",
    ];

    [Fact]
    public void The_readmes_code_blocks_hold_exactly_the_two_set_up_commands()
    {
        var blocks = MarkdownFile.Read(Readme).CodeBlocks.Select(b => (b.FirstLineNumber, Commands: Commands(b))).ToList();

        var commands = blocks.SelectMany(b => b.Commands).ToList();
        Assert.True(commands.SequenceEqual(SetUpCommands, StringComparer.Ordinal),
            $"{Readme}'s code blocks must hold exactly these commands, in this order, and no other (a trailing # comment is fine):\n  {string.Join("\n  ", SetUpCommands)}\n" +
            $"They hold:\n{string.Join('\n', blocks.Select(b => $"  line {b.FirstLineNumber}: [{string.Join(" | ", b.Commands)}]"))}");
    }

    [Fact]
    public void Ci_runs_the_test_command_the_readme_gives()
    {
        var lines = File.ReadAllLines(Path.Combine(PublishedBootstrap.RepositoryRoot, CiScript)).Select(l => Spaces().Replace(l.Trim(), " "));

        Assert.True(lines.Contains(SetUpCommands[1], StringComparer.Ordinal),
            $"{CiScript} has no line \"{SetUpCommands[1]}\", the test command {Readme} gives; change both together.");
    }

    [Fact]
    public void The_readmes_table_of_commands_names_real_commands_and_every_top_level_one()
    {
        var file = MarkdownFile.Read(Readme);
        var rows = CommandRows(file);
        var commands = CommandTree.Visible();
        Assert.True(rows.Count > 0, $"{Readme} has no table headed \"| command | …\".");

        var problems = rows.Where(r => !commands.ContainsKey(r.Command))
            .Select(r => $"{Readme} line {r.LineNumber}: `{r.Command}` is no visible Bench command (it has {string.Join(", ", commands.Keys.Order(StringComparer.Ordinal))}).")
            .ToList();
        foreach (var top in BenchCommands.All().Where(c => !c.Hidden).Select(c => c.Name))
        {
            if (!rows.Any(r => r.Command == top || r.Command.StartsWith(top + " ", StringComparison.Ordinal)))
            {
                problems.Add($"{Readme}'s table of commands has no row for `{top}` (or one of its sub-commands).");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_relative_link_of_the_readme_and_the_docs_resolves_to_a_file_and_heading()
    {
        var problems = new List<string>();
        foreach (var page in MarkdownFile.DocsPages().Prepend(Readme))
        {
            var file = MarkdownFile.Read(page);
            foreach (var (line, target) in file.Links())
            {
                if (External().IsMatch(target))
                {
                    continue;
                }

                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var path = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var resolved = path.Length == 0 ? file.FullPath : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.FullPath)!, path));
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    problems.Add($"{page} line {line}: link ({target}) names {path}, which does not exist.");
                }
                else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal))
                {
                    var relative = Path.GetRelativePath(PublishedBootstrap.RepositoryRoot, resolved).Replace('\\', '/');
                    var headings = MarkdownFile.Read(relative).Headings;
                    if (!headings.Any(h => h.Slug == anchor))
                    {
                        problems.Add($"{page} line {line}: link ({target}): {relative} has no heading with anchor #{anchor} (it has #{string.Join(", #", headings.Select(h => h.Slug))}).");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_readme_links_to_every_docs_page()
    {
        var linked = MarkdownFile.Read(Readme).Links().Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        var orphans = MarkdownFile.DocsPages().Where(p => !linked.Contains(p)).ToList();
        Assert.True(orphans.Count == 0, $"{Readme} links to no page {string.Join(", ", orphans)}; add each to its table of commands or its closing line.");
    }

    [Fact]
    public void Every_docs_page_opens_with_a_title_and_a_one_line_purpose()
    {
        var problems = new List<string>();
        foreach (var page in MarkdownFile.DocsPages())
        {
            var lines = MarkdownFile.Read(page).Lines;
            var opening = lines.Take(4).Concat(Enumerable.Repeat("", 4)).Take(4).ToArray();
            var purpose = opening[2];
            if (!opening[0].StartsWith("# ", StringComparison.Ordinal) || opening[1].Length != 0 || purpose.Length == 0
                || purpose.StartsWith('#') || purpose.StartsWith('|') || purpose.StartsWith('-') || opening[3].Length != 0)
            {
                problems.Add($"{page}: must open with \"# Title\", a blank line, one line saying what the page is for, and a blank line; it opens with:\n  {string.Join("\n  ", opening)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>The commands in code in the first cell of each row of the README's table headed "| command | …".</summary>
    private static List<(string Command, int LineNumber)> CommandRows(MarkdownFile file)
    {
        var rows = new List<(string, int)>();
        var inTable = false;
        for (var i = 0; i < file.Lines.Count; i++)
        {
            var line = file.Lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var firstCell = line.Split('|', StringSplitOptions.TrimEntries)[1];
            if (!inTable)
            {
                inTable = firstCell.Equals("command", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            rows.AddRange(CodeSpan().Matches(firstCell).Select(m => (m.Groups[1].Value, i + 1)));
        }

        return rows;
    }

    /// <summary>A code block's commands: each non-blank line without its trailing <c># comment</c>, spaces collapsed.</summary>
    private static List<string> Commands(CodeBlock block) =>
    [
        .. block.Lines
            .Select(l => (l.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0 ? l[..hash] : l).Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Spaces().Replace(l, " ")),
    ];

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex External();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();
}

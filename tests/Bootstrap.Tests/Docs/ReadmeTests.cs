using System.Text.RegularExpressions;
using Toolkit.Bootstrap.Tests.Aot;
using Toolkit.Bootstrap.Tests.Docs.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Docs;

/// <summary>
/// README.md is the front door: it gives exactly the two set-up commands, and every page it and docs/ link to is
/// there. Each docs page opens with its title and a one-line purpose, and the README links to every one of them.
/// </summary>
public sealed partial class ReadmeTests
{
    private const string Readme = "README.md";

    /// <summary>The main job and the tests, as a newcomer types them (.ci/run runs the second).</summary>
    private static readonly string[] SetUpCommands =
    [
        "dotnet run -c Release --project src/Bench",
        "dotnet test Toolkit.sln -c Release",
    ];

    [Fact]
    public void The_readme_has_a_code_block_with_exactly_the_two_set_up_commands()
    {
        var file = MarkdownFile.Read(Readme);
        var blocks = file.CodeBlocks.Select(b => (b.FirstLineNumber, Commands: Commands(b))).ToList();

        var found = blocks.Any(b => b.Commands.SequenceEqual(SetUpCommands, StringComparer.Ordinal));
        Assert.True(found,
            $"{Readme} must have a code block holding exactly these commands, in this order (a trailing # comment is fine):\n  {string.Join("\n  ", SetUpCommands)}\n" +
            $"Its code blocks hold:\n{string.Join('\n', blocks.Select(b => $"  line {b.FirstLineNumber}: [{string.Join(" | ", b.Commands)}]"))}");
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
}

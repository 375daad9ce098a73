using System.Text;
using System.Text.RegularExpressions;
using Toolkit.Bootstrap.Tests.Aot;

namespace Toolkit.Bootstrap.Tests.Docs.Infrastructure;

/// <summary>
/// One Markdown file of the repository, read just far enough for the docs tests: headings and their GitHub anchors,
/// fenced code blocks, links, and the lines between two headings. Lines inside a code fence are never headings or
/// links, so a shell comment (<c># …</c>) in a code block does not start a section.
/// </summary>
internal sealed partial class MarkdownFile
{
    private readonly bool[] inCode;

    private MarkdownFile(string relativePath, string[] lines)
    {
        RelativePath = relativePath;
        Lines = lines;
        inCode = new bool[lines.Length];
        var headings = new List<Heading>();
        var blocks = new List<CodeBlock>();
        var anchors = new Dictionary<string, int>(StringComparer.Ordinal);
        int? fenceStart = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode[i] = true;
                if (fenceStart is { } start)
                {
                    blocks.Add(new CodeBlock(start + 1, lines[(start + 1)..i]));
                    fenceStart = null;
                }
                else
                {
                    fenceStart = i;
                }

                continue;
            }

            inCode[i] = fenceStart is not null;
            if (!inCode[i] && HeadingLine().Match(lines[i]) is { Success: true } match)
            {
                var text = match.Groups[2].Value.Trim();
                // GitHub numbers repeated anchors: the second "Notes" is #notes-1.
                var slug = Slug(text);
                var seen = anchors.GetValueOrDefault(slug);
                anchors[slug] = seen + 1;
                headings.Add(new Heading(match.Groups[1].Length, text, seen == 0 ? slug : $"{slug}-{seen}", i + 1));
            }
        }

        Headings = headings;
        CodeBlocks = blocks;
    }

    /// <summary>The path from the repository root, with '/' separators, as messages name the file.</summary>
    public string RelativePath { get; }

    public string FullPath => Path.Combine(PublishedBootstrap.RepositoryRoot, RelativePath);

    public IReadOnlyList<string> Lines { get; }

    public IReadOnlyList<Heading> Headings { get; }

    public IReadOnlyList<CodeBlock> CodeBlocks { get; }

    public static MarkdownFile Read(string relativePath) =>
        new(relativePath, File.ReadAllLines(Path.Combine(PublishedBootstrap.RepositoryRoot, relativePath)));

    /// <summary>Every <c>docs/*.md</c>, by relative path.</summary>
    public static IReadOnlyList<string> DocsPages() =>
        [.. Directory.GetFiles(Path.Combine(PublishedBootstrap.RepositoryRoot, "docs"), "*.md").Select(p => $"docs/{Path.GetFileName(p)}").Order(StringComparer.Ordinal)];

    /// <summary>The lines after <paramref name="heading"/> up to the next heading of any level, outside code fences.</summary>
    public IEnumerable<(int LineNumber, string Text)> SectionLines(Heading heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var next = Headings.FirstOrDefault(h => h.LineNumber > heading.LineNumber)?.LineNumber ?? Lines.Count + 1;
        for (var number = heading.LineNumber + 1; number < next; number++)
        {
            if (!inCode[number - 1])
            {
                yield return (number, Lines[number - 1]);
            }
        }
    }

    /// <summary>Every inline link and image outside code: <c>[text](target)</c> and <c>![alt](target)</c>.</summary>
    public IEnumerable<(int LineNumber, string Target)> Links()
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (inCode[i])
            {
                continue;
            }

            foreach (Match match in Link().Matches(WithoutCodeSpans(Lines[i])))
            {
                yield return (i + 1, match.Groups[1].Value);
            }
        }
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.</summary>
    public static string Slug(string headingText)
    {
        ArgumentNullException.ThrowIfNull(headingText);
        var slug = new StringBuilder();
        foreach (var c in headingText.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    // A link written inside `code` is an example, not a link.
    private static string WithoutCodeSpans(string line) => CodeSpan().Replace(line, "");

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();
}

/// <param name="Slug">The anchor a link names it by, without the '#'.</param>
/// <param name="LineNumber">1-based, as an editor shows it.</param>
internal sealed record Heading(int Level, string Text, string Slug, int LineNumber);

/// <param name="FirstLineNumber">The 1-based number of the block's first line inside the fence.</param>
internal sealed record CodeBlock(int FirstLineNumber, IReadOnlyList<string> Lines);

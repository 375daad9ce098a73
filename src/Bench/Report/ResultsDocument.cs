using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Bench.Report;

/// <summary>
/// A recorded results file, read loosely: a section or field that is missing, null or of another type reads as
/// absent, so a report from an older or partial run degrades to notes instead of failing.
/// </summary>
public sealed class ResultsDocument
{
    private ResultsDocument(JsonObject root, string source)
    {
        Root = root;
        Source = source;
    }

    public JsonObject Root { get; }

    /// <summary>Where the document came from (a path, or a label for in-memory text); the report names it.</summary>
    public string Source { get; }

    public static ResultsDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"results file: expected an existing JSON file; received '{path}', which does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static ResultsDocument Parse(string json, string source = "(in memory)")
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"results file '{source}': expected a JSON object; received text that is not JSON ({e.Message}).", e);
        }

        return node is JsonObject root
            ? new ResultsDocument(root, source)
            : throw new InvalidDataException($"results file '{source}': expected a JSON object at the top level; received {node?.GetValueKind().ToString() ?? "null"}.");
    }

    /// <summary>True when <paramref name="section"/> is an array with at least one object row.</summary>
    public bool Has(string section) => Rows(section).Count > 0;

    /// <summary>The object rows of the array <paramref name="section"/>; empty when it is missing or not an array.</summary>
    public IReadOnlyList<JsonObject> Rows(string section) =>
        Root[section] is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    /// <summary>The object <paramref name="name"/> (such as <c>machine</c>), or null.</summary>
    public JsonObject? Block(string name) => Root[name] as JsonObject;
}

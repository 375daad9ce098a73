using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Bench.Reporting;

/// <summary>
/// The <c>--json</c> results file: one object with a <c>machine</c> block and one array per command
/// (<c>kernels</c>, <c>table3</c>, ...). Commands merge into an existing file, so one run of several commands
/// leaves one file.
/// </summary>
public static class ResultsFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="rows"/> as the array <paramref name="section"/>, replacing an older one.</summary>
    public static void Write<TRow>(string path, string section, IReadOnlyList<TRow> rows)
    {
        var root = Read(path);
        root[section] = JsonSerializer.SerializeToNode(rows, Options);
        Save(path, root);
        Console.WriteLine($"wrote {section} ({rows.Count} rows) to {path}");
    }

    /// <summary>
    /// Records what <paramref name="step"/> skipped in the shared <see cref="Skip.Section"/> list, replacing that step's
    /// earlier entries and keeping the other steps'.
    /// </summary>
    public static void WriteSkips(string path, string step, IReadOnlyList<Skip> skips)
    {
        var root = Read(path);
        var kept = root[Skip.Section] is JsonArray existing ? existing.OfType<JsonObject>().Where(s => s["step"]?.GetValue<string>() != step).Select(s => s.DeepClone()).ToList() : [];
        var list = new JsonArray([.. kept]);
        foreach (var skip in skips)
        {
            list.Add(JsonSerializer.SerializeToNode(skip, Options));
        }

        root[Skip.Section] = list;
        Save(path, root);
    }

    private static JsonObject Read(string path)
    {
        var root = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : [];
        root["machine"] = JsonSerializer.SerializeToNode(MachineInfo.Current(), Options);
        return root;
    }

    private static void Save(string path, JsonObject root)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, root.ToJsonString(Options));
    }
}

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
        var root = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : [];
        root["machine"] = JsonSerializer.SerializeToNode(MachineInfo.Current(), Options);
        root[section] = JsonSerializer.SerializeToNode(rows, Options);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, root.ToJsonString(Options));
        Console.WriteLine($"wrote {section} ({rows.Count} rows) to {path}");
    }
}

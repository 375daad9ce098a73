using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>Reads the <c>scaling</c> rows back from a results file (empty when the file or the section is absent).</summary>
public static class ScalingRows
{
    /// <exception cref="InvalidDataException">The section is there but its rows are not scaling rows.</exception>
    public static List<ScalingRow> Read(string path)
    {
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root || root["scaling"] is not JsonArray section)
        {
            return [];
        }

        try
        {
            return section.Deserialize<List<ScalingRow>>() ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The 'scaling' section of {path} must hold scaling rows (platform, model, config, source, latency_ms, …): {e.Message}", e);
        }
    }
}

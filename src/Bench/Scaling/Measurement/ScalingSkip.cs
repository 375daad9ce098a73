using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// A <c>scaling</c> sweep that could not run here, in the results section <c>scaling_skipped</c>: the platform, the
/// models, why (the exact message) and the command or setting that enables it.
/// </summary>
public sealed record ScalingSkip(
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("models")] IReadOnlyList<string> Models,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("enable")] string Enable)
{
    public const string Section = "scaling_skipped";

    /// <summary>A <c>scaling faas</c> sweep whose CPU quota could not be enforced.</summary>
    public static ScalingSkip Faas(IReadOnlyList<string> models, string reason) =>
        new(ScalingRow.Faas, models, reason,
            $"run it as root (sudo -E dotnet run -c Release --project src/Bench -- scaling faas --models {string.Join(' ', models)} --json PATH), "
            + $"or leave {CpuLimitGroup.QuotaVariable} unset (or set it to signals) so that a user without root gets the quota by SIGSTOP/SIGCONT.");

    /// <summary>The skips recorded in a results file (none when the file or the section is absent).</summary>
    /// <exception cref="InvalidDataException">The section is there but does not hold skips.</exception>
    public static List<ScalingSkip> Read(string path)
    {
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root || root[Section] is not JsonArray section)
        {
            return [];
        }

        try
        {
            return section.Deserialize<List<ScalingSkip>>() ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The '{Section}' section of {path} must hold skips (platform, models, reason, enable): {e.Message}", e);
        }
    }
}

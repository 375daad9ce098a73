using System.Text.Json.Serialization;

namespace Toolkit.Bench.ColdStart;

/// <summary>
/// A build <c>coldstart</c> was asked for and could not start here (not published; for <c>python</c>, no torch), with
/// the reason and the command that adds it: results section <see cref="Section"/>, beside the rows of the builds that ran.
/// </summary>
public sealed record ColdStartSkip(
    [property: JsonPropertyName("build")] string Build,
    [property: JsonPropertyName("reason")] string Reason)
{
    public const string Section = "coldstart_skipped";
}

using System.Text.Json.Serialization;

namespace Toolkit.Bench.Reporting;

/// <summary>
/// A part of an experiment that could not run on this machine, with the reason and, in it, the command that enables it:
/// a build not published, an engine that cannot load, a tool that is missing. Results section <see cref="Section"/>,
/// one list for every step, so the report and the default run's last line can say what did not run and why. A skip is
/// not a failure: the rest of the step ran.
/// </summary>
public sealed record Skip(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("reason")] string Reason)
{
    public const string Section = "skipped";

    public override string ToString() => $"{Step}: {What}: {Reason}";
}

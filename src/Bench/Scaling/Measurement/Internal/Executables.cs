namespace Toolkit.Bench.Scaling.Measurement.Internal;

/// <summary>Finds a program on <c>PATH</c>, as a shell would.</summary>
internal static class Executables
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}

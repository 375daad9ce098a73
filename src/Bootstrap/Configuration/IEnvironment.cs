namespace Toolkit.Bootstrap.Configuration;

/// <summary>Environment variables, behind an interface so tests can set them without touching the process.</summary>
public interface IEnvironment
{
    string? Variable(string name);
}

/// <summary>The process's own environment.</summary>
public sealed class ProcessEnvironment : IEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    public string? Variable(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>A fixed set of variables, for tests and for the harness's in-process hosts.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> variables) : IEnvironment
{
    public string? Variable(string name) => variables.TryGetValue(name, out var value) ? value : null;
}

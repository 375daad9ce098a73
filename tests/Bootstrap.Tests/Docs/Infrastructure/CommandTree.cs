using System.CommandLine;
using Toolkit.Bench.Commands;

namespace Toolkit.Bootstrap.Tests.Docs.Infrastructure;

/// <summary>Bench's command tree as the code builds it (<see cref="BenchCommands.All"/>), for the docs tests.</summary>
internal static class CommandTree
{
    /// <summary>Every command a user can run, by its path (<c>scaling faas</c>), hidden ones (torchsharp-worker) left out.</summary>
    public static Dictionary<string, Command> Visible()
    {
        var commands = new Dictionary<string, Command>(StringComparer.Ordinal);
        void Add(string prefix, Command command)
        {
            if (command.Hidden)
            {
                return;
            }

            var path = prefix.Length == 0 ? command.Name : $"{prefix} {command.Name}";
            commands.Add(path, command);
            foreach (var sub in command.Subcommands)
            {
                Add(path, sub);
            }
        }

        foreach (var command in BenchCommands.All())
        {
            Add("", command);
        }

        return commands;
    }
}

using System.CommandLine;
using Toolkit.Bench.Commands;

// The toolkit's command line: `dotnet run -c Release --project src/Bench -- <command>`.
// With no command it runs the whole reproduction of the paper that this build supports.
var root = new RootCommand("Serverless DNN inference toolkit: reproduces the paper's findings on this machine and isolates each cost.");
foreach (var command in BenchCommands.All())
{
    root.Subcommands.Add(command);
}

root.SetAction(parse => BenchCommands.RunAll());
return root.Parse(args).Invoke();

using System.CommandLine;
using Toolkit.Bench.Commands;

// The toolkit's command line: `dotnet run -c Release --project src/Bench -- <command>`.
// With no command it runs the whole reproduction of the paper that this build supports.
var root = new RootCommand("Serverless DNN inference toolkit: reproduces the paper's findings on this machine and isolates each cost.");
foreach (var command in BenchCommands.All())
{
    root.Subcommands.Add(command);
}

var full = new Option<bool>("--full") { Description = "Run every experiment at full length (more samples, medians with 95% confidence intervals) instead of quick; takes far longer." };
root.Options.Add(full);
root.SetAction(parse => BenchCommands.RunAll(parse.GetValue(full)));
return root.Parse(args).Invoke();

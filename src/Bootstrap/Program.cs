using Toolkit.Bootstrap;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts;
using Toolkit.Bootstrap.Timeline;

// The serverless bootstrap: one executable for the Lambda, SageMaker and Cloud Run contracts. On an AVX-512 host the
// x86-64-v3 build has already become its v4 sibling before the runtime started (Startup/InstructionSetRelaunch.cs).
var timeline = ColdStartTimeline.StartAtMain();
BootstrapOptions options;
try
{
    options = BootstrapOptions.From(args, ProcessEnvironment.Instance);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bootstrap: {e.Message}");
    return 2;
}

if (options.Info)
{
    foreach (var (key, value) in BuildInfo.Describe(options))
    {
        Console.WriteLine($"{key}: {value}");
    }

    return 0;
}

return await HostRunner.RunAsync(options, timeline);

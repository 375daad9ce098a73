using Toolkit.Bootstrap;
using Toolkit.Bootstrap.Configuration;
using Toolkit.Bootstrap.Hosts;
using Toolkit.Bootstrap.Startup;
using Toolkit.Bootstrap.Timeline;

// The serverless bootstrap: one executable for the Lambda, SageMaker and Cloud Run contracts.
InstructionSetRelaunch.RelaunchIfBetter(args);
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

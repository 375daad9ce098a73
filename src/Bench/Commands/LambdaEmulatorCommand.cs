using System.CommandLine;
using Toolkit.Bench.Lambda;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>lambda-emulator [--port 8080] [--function-url-port PORT] [--bootstrap PATH]</c>: serves the local Lambda Runtime API
/// and the invoke endpoint until Ctrl+C, and with <c>--function-url-port</c> a Function URL (<see cref="FunctionUrlFront"/>)
/// too. With <c>--bootstrap</c> it also starts that bootstrap (a <c>.dll</c> or the AOT executable) against itself.
/// </summary>
public static class LambdaEmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port of the invoke endpoint.", DefaultValueFactory = _ => RuntimeApiEmulator.DefaultInvokePort };
        var functionUrlPort = new Option<int?>("--function-url-port") { Description = "Also serve a Lambda Function URL (payload format 2.0) on this loopback port (0: a free one)." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Start this bootstrap (Toolkit.Bootstrap.dll or the AOT bootstrap) against the emulator." };
        var command = new Command("lambda-emulator", "Local Lambda Runtime API with the POST /2015-03-31/functions/function/invocations endpoint.") { port, functionUrlPort, bootstrap };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(port), parse.GetValue(functionUrlPort), parse.GetValue(bootstrap), cancel));
        return command;
    }

    public static async Task<int> RunAsync(int port, int? functionUrlPort, string? bootstrap, CancellationToken cancellationToken)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(port).ConfigureAwait(false);
        Console.WriteLine($"AWS_LAMBDA_RUNTIME_API={emulator.RuntimeApiAddress}");
        Console.WriteLine($"invoke: curl -s -d @event.json {emulator.InvokeUri}");
        await using var functionUrl = functionUrlPort is { } urlPort ? await FunctionUrlFront.StartAsync(emulator, urlPort).ConfigureAwait(false) : null;
        if (functionUrl is not null)
        {
            Console.WriteLine($"function URL: {functionUrl.Address} (protocols --target {functionUrl.Address} --platform lambda-url)");
        }

        using var child = bootstrap is null ? null : BootstrapProcess.Start(bootstrap, emulator.RuntimeApiAddress, new Dictionary<string, string>());
        if (child is not null)
        {
            child.EchoStandardOutput = true;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the normal way to stop the emulator.
        }

        return 0;
    }
}

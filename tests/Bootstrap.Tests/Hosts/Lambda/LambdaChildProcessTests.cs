using System.Net.Http.Headers;
using System.Text.Json;
using Toolkit.Bench.Lambda;
using Toolkit.Bootstrap.Hosts.Lambda;
using Toolkit.Bootstrap.Tests.Hosts.Lambda.Infrastructure;

namespace Toolkit.Bootstrap.Tests.Hosts.Lambda;

/// <summary>The real thing: <c>dotnet Toolkit.Bootstrap.dll</c> as a child process with AWS_LAMBDA_RUNTIME_API, invoked through the emulator's HTTP endpoint.</summary>
public class LambdaChildProcessTests
{
    private static readonly string BootstrapDll = Path.Combine(AppContext.BaseDirectory, "Toolkit.Bootstrap.dll");

    [Fact]
    public async Task A_bootstrap_process_serves_invocations_writes_its_cold_start_line_and_exits_on_a_500()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        using var child = BootstrapProcess.Start(BootstrapDll, emulator.RuntimeApiAddress, TinyModel.Environment(emulator.RuntimeApiAddress));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var request = TinyModel.Request();

        using var first = await PostAsync(http, emulator.InvokeUri, Events.Direct("kserve_json", request));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        using var bad = await PostAsync(http, emulator.InvokeUri, "{\"inputs\":"u8.ToArray());
        using var second = await PostAsync(http, emulator.InvokeUri, Events.Proxy(Events.Direct("kserve_grpc", request), base64: true, "application/x-protobuf"));

        Assert.False(first.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal(TinyModel.ExpectedOutput(request), Events.OutputOf("kserve_json", firstBody));
        using (var document = JsonDocument.Parse(firstBody))
        {
            LambdaHappyPathTests.AssertServerTiming(document.RootElement.GetProperty(InvocationHandler.ServerTimingField).GetString()!);
        }

        Assert.Equal("Unhandled", bad.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal(LambdaErrorTypes.Malformed, LambdaError.Parse(await bad.Content.ReadAsByteArrayAsync()).ErrorType);
        var (status, _, secondBody) = Events.ReadProxyResponse(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(200, status);
        Assert.Equal(TinyModel.ExpectedOutput(request), Events.OutputOf("kserve_grpc", secondBody));

        using var line = JsonDocument.Parse(await child.ColdStartLineAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("lambda", line.RootElement.GetProperty("host").GetString());
        Assert.Equal("jit", line.RootElement.GetProperty("build").GetString());
        var phases = line.RootElement.GetProperty("phases_ms");
        Assert.True(phases.GetProperty("runtime_init").GetDouble() > 0);
        Assert.True(phases.GetProperty("first_inference").GetDouble() > 0);

        // The next call is already waiting for an event, so one more invoke releases it; the call after that fails.
        emulator.Faults.AlwaysFailNext = true;
        _ = emulator.InvokeAsync(Events.Direct("kserve_json", request), new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        Assert.Equal(LambdaHost.ExitRuntimeApiFailed, await child.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_bootstrap_process_with_an_unknown_model_reports_init_error_and_exits_non_zero()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        using var child = BootstrapProcess.Start(BootstrapDll, emulator.RuntimeApiAddress, TinyModel.Environment(emulator.RuntimeApiAddress, model: "no_such_model"));

        var exit = await child.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(LambdaHost.ExitInitFailed, exit);
        Assert.Equal(LambdaErrorTypes.UnknownModel, Assert.Single(emulator.InitErrors).ErrorType);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri uri, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await http.PostAsync(uri, content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}

using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Lambda;
using Toolkit.Bench.Protocols;
using Toolkit.Bench.Protocols.Remote;

namespace Toolkit.Bootstrap.Tests.Protocols;

/// <summary>
/// <c>protocols --target URL --platform lambda-url</c> against a real Lambda bootstrap (the JIT build beside the tests,
/// transport-only engine) reached only through the emulator's Function URL: every request becomes a payload-format-2.0
/// event and every answer an HTTP response, binary bodies base64-encoded both ways.
/// </summary>
public sealed class FunctionUrlTargetTests
{
    private static readonly string[] FormatNames = ["tfserving_json", "kserve_json", "kserve_binary", "kserve_grpc"];

    [Fact]
    public async Task A_function_url_is_measured_on_the_rest_formats_binary_included()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);
        await using var front = await FunctionUrlFront.StartAsync(emulator);
        var environment = ColdStartProbe.Environment("mobilenet_v1", "transport-only", Path.GetTempPath(), LoopbackPort.Free());
        environment["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApiAddress;
        using var process = BootstrapProcess.Start(BootstrapBuild.Jit.Program, ColdStartProbe.Arguments("lambda"), environment);
        var target = RemoteTarget.Create(front.Address.ToString(), RemoteTarget.LambdaUrl);
        var formats = FormatNames.Select(ProtocolFormat.Get).ToList();

        var rows = await new RemoteProtocolExperiment(target, ["mobilenet_v1"], [1], formats, quick: true).RunAsync(CancellationToken.None);

        // gRPC is left out: a Function URL carries REST only.
        Assert.Equal(["tfserving_json", "kserve_json", "kserve_binary"], rows.Select(r => r.Format));
        Assert.All(rows, r => Assert.True(r.Errors == 0, $"{r.Format}: {r.FirstError} | {string.Join(" | ", process.StandardOutput.TakeLast(5))}"));
        Assert.All(rows, r => Assert.Equal(RemoteTarget.LambdaUrl, r.Build));
        Assert.All(rows, r => Assert.True(r.EndToEndMs!.Median > 0));
        // MobileNetV1's KServe binary request is 224·224·3 float32 values plus a JSON header.
        Assert.True(rows.Single(r => r.Format == "kserve_binary").RequestBytes > 224 * 224 * 3 * 4);
    }
}

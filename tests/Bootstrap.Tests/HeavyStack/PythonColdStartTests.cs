using Toolkit.Bench.ColdStart;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Lambda;
using Toolkit.Bench.Models;
using Toolkit.Bootstrap.Tests.ColdStart;
using Toolkit.Bootstrap.Tests.HeavyStack.Infrastructure;
using Toolkit.Bootstrap.Tests.Report;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.HeavyStack;

/// <summary>The coldstart harness against the Python build: a real start of each host, split like a bootstrap's.</summary>
[Collection(TimedStarts.Name)]
public sealed class PythonColdStartTests
{
    [PythonTorchTheory]
    [InlineData("cloudrun")]
    [InlineData("sagemaker")]
    [InlineData("lambda")]
    public async Task The_phases_of_a_python_start_add_up_to_its_end_to_end_time(string host)
    {
        using var directory = new TempDirectory();
        File.Copy(ModelArtifacts.TorchGraphPath(MobileNetV1.Name), Path.Combine(directory.Path, MobileNetV1.Name + TorchGraphFile.Extension));
        await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);

        var sample = await ColdStartProbe.RunAsync(BootstrapBuild.Python, host, PythonTorch.EngineName, FirstRequest.For(MobileNetV1.Name), directory.Path, emulator, CancellationToken.None);

        ColdStartProbeTests.AssertPhasesAddUp(sample);
        // Importing torch is the serving library's load, which the paper counts with the runtime, not the model.
        Assert.True(sample.RuntimeInitMs > sample.ModelLoadMs, $"runtime_init {sample.RuntimeInitMs} ms, model_load {sample.ModelLoadMs} ms");
    }
}

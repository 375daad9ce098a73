using Toolkit.Bench.ColdStart;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bootstrap.Tests.Report;

namespace Toolkit.Bootstrap.Tests.HeavyStack;

/// <summary>How the Python build is found missing: on every machine, torch or not.</summary>
public sealed class PythonTorchTests
{
    [Fact]
    public void An_interpreter_that_cannot_import_torch_is_a_reason_with_the_install_command()
    {
        using var directory = new TempDirectory();
        // A stand-in torch earlier on the path than any installed one, failing as a missing one does.
        File.WriteAllText(Path.Combine(directory.Path, "torch.py"), "raise ModuleNotFoundError(\"No module named 'torch'\")\n");

        var reason = PythonTorch.MissingReason(PythonTorch.Interpreter, new Dictionary<string, string> { ["PYTHONPATH"] = directory.Path });

        Assert.NotNull(reason);
        Assert.Contains(PythonTorch.InstallCommand, reason, StringComparison.Ordinal);
        Assert.Contains("import torch", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_interpreter_is_a_reason_not_an_exception()
    {
        var reason = PythonTorch.MissingReason("/nonexistent/python3");

        Assert.Contains("/nonexistent/python3 does not exist", reason, StringComparison.Ordinal);
        Assert.Contains(PythonTorch.InstallCommand, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Coldstart_names_the_python_build_and_gives_it_its_one_engine()
    {
        var python = BootstrapBuild.ForColdStart("python");

        Assert.Equal(["torch"], python.EnginesOf(["kernels", "onnxruntime"]));
        Assert.Equal(["kernels", "onnxruntime"], BootstrapBuild.ForColdStart("jit").EnginesOf(["kernels", "onnxruntime"]));
        Assert.EndsWith("serve.py", python.Program, StringComparison.Ordinal);
        Assert.True(python.Exists, $"{python.Program} is copied beside the tests");
        Assert.Throws<ArgumentException>(() => BootstrapBuild.ForColdStart("tensorflow"));
    }
}

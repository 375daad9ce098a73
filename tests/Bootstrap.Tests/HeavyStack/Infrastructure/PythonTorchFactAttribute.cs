using Toolkit.Bench.HeavyStack;

namespace Toolkit.Bootstrap.Tests.HeavyStack.Infrastructure;

/// <summary>
/// A test that needs Debian's PyTorch on <see cref="PythonTorch.Interpreter"/>: skipped, with the reason and the
/// install command, where <c>/usr/bin/python3 -c "import torch"</c> fails (a machine without root, say), never passed
/// without running.
/// </summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute() => Skip = PythonTorch.MissingReason();
}

/// <summary>The <see cref="TheoryAttribute"/> form of <see cref="PythonTorchFactAttribute"/>.</summary>
public sealed class PythonTorchTheoryAttribute : TheoryAttribute
{
    public PythonTorchTheoryAttribute() => Skip = PythonTorch.MissingReason();
}

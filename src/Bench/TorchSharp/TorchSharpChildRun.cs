using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.TorchSharp;

/// <summary>One torchsharp child's measurement.</summary>
public sealed record TorchSharpChildRun(string Tier, LatencySamples Samples, double FirstRunMs, float[] Output, KernelRecord Kernels);

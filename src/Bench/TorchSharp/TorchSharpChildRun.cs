using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.TorchSharp;

/// <summary>One torchsharp child's measurement; <paramref name="MatmulGflops"/> is its libtorch's 1024³ float32 matmul speed on the run's threads.</summary>
public sealed record TorchSharpChildRun(string Tier, LatencySamples Samples, double FirstRunMs, float[] Output, KernelRecord Kernels, double MatmulGflops);

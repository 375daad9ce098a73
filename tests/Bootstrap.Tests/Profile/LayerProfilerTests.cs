using Toolkit.Bench.Profile;
using Toolkit.Kernels;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Profile;

public class LayerProfilerTests
{
    [Fact]
    public void Every_step_gets_a_row_and_ONNX_Runtime_time_is_charged_to_the_steps_computing_the_same_values()
    {
        var profile = LayerProfiler.Run(MobileNetV1.Name, Isa.Best, threads: 1, runs: 2, compareOnnxRuntime: true, cpuClock: false);

        Assert.Equal(Enumerable.Range(0, profile.Layers.Count), profile.Layers.Select(l => l.Step));
        Assert.InRange(profile.Layers.Sum(l => l.Share), 0.99, 1.01);
        Assert.All(profile.Layers, l => Assert.True(l.Ms.Median >= 0 && l.Ms.P95 >= l.Ms.Median, $"{l.Node}: median {l.Ms.Median}, p95 {l.Ms.P95}"));

        // Every convolution does work on both engines, and ONNX Runtime's nodes are named after our values, so nearly all
        // of its time finds a step of ours.
        var convolutions = profile.Layers.Where(l => l.Op == "Conv2d").ToList();
        Assert.Equal(27, convolutions.Count);
        Assert.All(convolutions, l => Assert.True(l.Gflops > 0 && l.OnnxRuntimeMs > 0, $"{l.Node}: {l.Gflops} GFLOPs, ONNX Runtime {l.OnnxRuntimeMs} ms"));
        var charged = profile.Layers.Sum(l => l.OnnxRuntimeMs ?? 0);
        Assert.True(profile.OnnxRuntimeUnmatchedMs < 0.1 * charged, $"{profile.OnnxRuntimeUnmatchedMs} ms of ONNX Runtime's {charged} ms found no step.");
    }
}

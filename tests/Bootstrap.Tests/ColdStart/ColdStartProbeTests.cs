using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Lambda;
using Toolkit.Bench.Models;

namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>The cold-start harness against a real bootstrap process (the JIT build beside the tests).</summary>
[Collection(TimedStarts.Name)]
public class ColdStartProbeTests
{
    /// <summary>What follows the first_inference mark: encoding the response and reading it in the harness. At least
    /// this long...</summary>
    private const double ResponseAllowanceMs = 250;

    /// <summary>...or this share of the whole start, since on a loaded 2-core machine the JIT build's response path
    /// stretches with everything else.</summary>
    private const double ResponseAllowanceShare = 0.25;

    [Theory]
    [InlineData("cloudrun")]
    [InlineData("sagemaker")]
    [InlineData("lambda")]
    public async Task The_phases_of_a_real_start_add_up_to_its_end_to_end_time(string host)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"toolkit-coldstart-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            File.Copy(ModelArtifacts.ToolkitPath("mobilenet_v1"), Path.Combine(directory, "mobilenet_v1.tkm"));
            await using var emulator = await RuntimeApiEmulator.StartAsync(invokePort: 0);

            var sample = await ColdStartProbe.RunAsync(BootstrapBuild.Jit, host, "kernels", FirstRequest.For("mobilenet_v1"), directory, emulator, CancellationToken.None);

            AssertPhasesAddUp(sample);

            // Our engine maps a model file, so both phases split, each pair adding up to its phase.
            var split = sample.SubPhasesMs;
            Assert.Equal(["model_map", "model_plan", "runtime_exec", "runtime_host"], split.Keys.Order());
            Assert.Equal(sample.RuntimeInitMs, split["runtime_exec"] + split["runtime_host"], tolerance: 0.002);
            Assert.Equal(sample.ModelLoadMs, split["model_map"] + split["model_plan"], tolerance: 0.002);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Each phase lies within the start, and together they leave only the response path of end_to_end.</summary>
    internal static void AssertPhasesAddUp(ColdStartSample sample)
    {
        Assert.All([sample.RuntimeInitMs, sample.ModelLoadMs, sample.FirstInferenceMs], phase => Assert.InRange(phase, 0, sample.EndToEndMs));
        var phases = sample.RuntimeInitMs + sample.ModelLoadMs + sample.FirstInferenceMs;
        Assert.InRange(sample.EndToEndMs - phases, 0, Math.Max(ResponseAllowanceMs, ResponseAllowanceShare * sample.EndToEndMs));
    }

    [Fact]
    public void A_line_without_the_marks_of_a_complete_start_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => ColdStartSample.From("""{"event":"cold_start","marks_ms":{"main":5,"runtime_ready":9}}""", 0, 20));
        Assert.Contains("model_loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lambda_loads_before_it_is_ready_so_its_load_comes_out_of_runtime_init()
    {
        var sample = ColdStartSample.From("""{"event":"cold_start","isa":"avx2","marks_ms":{"main":1000,"model_loaded":1010,"runtime_ready":1012,"first_inference":1030}}""", spawnMs: 995, respondedMs: 1033);

        Assert.Equal((7.0, 10.0, 18.0, 38.0, "avx2"), (Math.Round(sample.RuntimeInitMs, 6), sample.ModelLoadMs, sample.FirstInferenceMs, sample.EndToEndMs, sample.Isa));
    }

    [Theory]
    [InlineData(1010, 1020, 1040, 25, 0, 20)]
    [InlineData(1030, 1020, 1050, 25, 10, 20)]
    public void A_load_beside_the_start_counts_only_what_it_adds_after_readiness(int loaded, int ready, int first, double init, double load, double inference)
    {
        var line = $$$"""{"event":"cold_start","load":"overlapped","marks_ms":{"main":1000,"model_loaded":{{{loaded}}},"runtime_ready":{{{ready}}},"first_inference":{{{first}}}}}""";

        var sample = ColdStartSample.From(line, spawnMs: 995, respondedMs: first + 2);

        Assert.Equal((init, load, inference), (sample.RuntimeInitMs, sample.ModelLoadMs, sample.FirstInferenceMs));
    }

    [Fact]
    public void The_harness_takes_the_sub_phases_on_its_spawn_clock_and_a_row_keeps_those_every_run_has()
    {
        const string Line = """{"event":"cold_start","marks_ms":{"main":1000,"model_mapped":1004,"model_loaded":1010,"runtime_ready":1012,"first_inference":1030}}""";
        var mapped = ColdStartSample.From(Line, spawnMs: 995, respondedMs: 1033);
        var unmapped = ColdStartSample.From(Line.Replace("\"model_mapped\":1004,", "", StringComparison.Ordinal), spawnMs: 995, respondedMs: 1033);

        Assert.Equal(new Dictionary<string, double> { ["runtime_exec"] = 5, ["runtime_host"] = 2, ["model_map"] = 4, ["model_plan"] = 6 }, mapped.SubPhasesMs);
        Assert.Equal(["runtime_exec", "runtime_host"], ColdStartRow.SubPhasesOf([mapped, unmapped])!.Keys.Order());
        Assert.Null(ColdStartRow.SubPhasesOf([]));
    }
}

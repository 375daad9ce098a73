using System.Text.Json;
using Toolkit.Bootstrap.Timeline;

namespace Toolkit.Bootstrap.Tests.Timeline;

public class ColdStartTimelineTests
{
    [Fact]
    public void Marks_are_set_once_and_in_order()
    {
        var timeline = ColdStartTimeline.StartAtMain();
        var main = timeline[ColdStartTimeline.Main];
        timeline.Mark(ColdStartTimeline.Main);

        Assert.Equal(main, timeline[ColdStartTimeline.Main]);
        Assert.True(timeline[ColdStartTimeline.ProcessStart] <= main);
        Assert.False(timeline.IsComplete);
    }

    [Fact]
    public void A_host_that_binds_first_counts_the_load_after_readiness()
    {
        var timeline = ColdStartTimeline.StartAtMain();
        timeline.Mark(ColdStartTimeline.RuntimeReady);
        Thread.Sleep(20);
        timeline.Mark(ColdStartTimeline.ModelLoaded);
        timeline.Mark(ColdStartTimeline.FirstInference);

        var phases = timeline.Phases().ToDictionary(p => p.Name, p => p.DurationMs);
        Assert.Equal(["runtime_init", "model_load", "first_inference"], phases.Keys);
        Assert.InRange(phases["model_load"], 19, 1000);
    }

    [Fact]
    public void A_host_that_loads_first_keeps_the_load_out_of_runtime_init()
    {
        var timeline = ColdStartTimeline.StartAtMain();
        Thread.Sleep(30);
        timeline.Mark(ColdStartTimeline.ModelLoaded);
        timeline.Mark(ColdStartTimeline.RuntimeReady);
        timeline.Mark(ColdStartTimeline.FirstInference);

        var phases = timeline.Phases().ToDictionary(p => p.Name, p => p.DurationMs);
        var total = timeline[ColdStartTimeline.RuntimeReady]!.Value - timeline[ColdStartTimeline.ProcessStart]!.Value;
        Assert.InRange(phases["model_load"], 29, 1000);
        Assert.Equal(total - phases["model_load"], phases["runtime_init"], tolerance: 0.002);
    }

    [Fact]
    public void The_json_line_holds_every_mark_and_phase()
    {
        var timeline = ColdStartTimeline.StartAtMain();
        timeline.Mark(ColdStartTimeline.RuntimeReady);
        timeline.Mark(ColdStartTimeline.ModelLoaded);
        timeline.Mark(ColdStartTimeline.FirstInference);

        using var line = JsonDocument.Parse(timeline.ToJsonLine(new Dictionary<string, string> { ["host"] = "cloudrun" }));
        Assert.Equal("cold_start", line.RootElement.GetProperty("event").GetString());
        Assert.Equal("cloudrun", line.RootElement.GetProperty("host").GetString());
        Assert.Equal(5, line.RootElement.GetProperty("marks_ms").EnumerateObject().Count());
        Assert.Equal(3, line.RootElement.GetProperty("phases_ms").EnumerateObject().Count());
        Assert.Equal(["runtime_exec", "runtime_host"], line.RootElement.GetProperty("subphases_ms").EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^runtime_init;dur=[\d.]+, model_load;dur=[\d.]+, first_inference;dur=[\d.]+, runtime_exec;dur=[\d.]+, runtime_host;dur=[\d.]+$", timeline.ServerTiming());
    }

    [Fact]
    public void A_load_before_readiness_splits_into_map_and_plan_that_add_up_to_it()
    {
        // Lambda: main at 5 ms, the file mapped at 8, the plan built at 20, ready at 25.
        var timeline = ColdStartTimeline.FromMarks(Marks(start: 0, main: 5, mapped: 8, loaded: 20, ready: 25, first: 40), loadOverlapsStart: false);

        var phases = timeline.Phases().ToDictionary(p => p.Name, p => p.DurationMs);
        var subPhases = timeline.SubPhases().ToDictionary(p => p.Name, p => p.DurationMs);
        Assert.Equal(new Dictionary<string, double> { ["runtime_init"] = 10, ["model_load"] = 15, ["first_inference"] = 15 }, phases);
        Assert.Equal(new Dictionary<string, double> { ["runtime_exec"] = 5, ["runtime_host"] = 5, ["model_map"] = 3, ["model_plan"] = 12 }, subPhases);
    }

    [Fact]
    public void A_map_hidden_behind_the_runtime_start_counts_zero_and_the_plan_takes_the_rest()
    {
        // An HTTP host loads beside its start: mapped at 9 ms, ready at 12, loaded at 30, so model_load is the 18 ms after ready.
        var timeline = ColdStartTimeline.FromMarks(Marks(start: 0, main: 4, mapped: 9, loaded: 30, ready: 12, first: 41), loadOverlapsStart: true);

        var subPhases = timeline.SubPhases().ToDictionary(p => p.Name, p => p.DurationMs);
        Assert.Equal(new Dictionary<string, double> { ["runtime_exec"] = 4, ["runtime_host"] = 8, ["model_map"] = 0, ["model_plan"] = 18 }, subPhases);
    }

    [Fact]
    public void Sub_phases_whose_stage_never_ran_are_absent_not_zero()
    {
        // Another engine than ours sets no model_mapped; a timeline without process_start cannot split runtime_init.
        var marks = Marks(start: 0, main: 5, mapped: null, loaded: 20, ready: 25, first: 40);
        Assert.Equal(["runtime_exec", "runtime_host"], ColdStartTimeline.FromMarks(marks, loadOverlapsStart: false).SubPhases().Select(p => p.Name));

        marks.Remove(ColdStartTimeline.ProcessStart);
        Assert.Empty(ColdStartTimeline.FromMarks(marks, loadOverlapsStart: false).SubPhases());
    }

    private static Dictionary<string, double> Marks(double start, double main, double? mapped, double loaded, double ready, double first)
    {
        var marks = new Dictionary<string, double>
        {
            [ColdStartTimeline.ProcessStart] = start,
            [ColdStartTimeline.Main] = main,
            [ColdStartTimeline.ModelLoaded] = loaded,
            [ColdStartTimeline.RuntimeReady] = ready,
            [ColdStartTimeline.FirstInference] = first,
        };
        if (mapped is { } value)
        {
            marks[ColdStartTimeline.ModelMapped] = value;
        }

        return marks;
    }
}

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
        Assert.Matches(@"^runtime_init;dur=[\d.]+, model_load;dur=[\d.]+, first_inference;dur=[\d.]+$", timeline.ServerTiming());
    }
}

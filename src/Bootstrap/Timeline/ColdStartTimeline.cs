using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Toolkit.Bootstrap.Timeline;

/// <summary>
/// The cold-start marks of this process (DESIGN.md): process_start, main, runtime_ready, model_loaded and
/// first_inference, each in milliseconds on the machine's monotonic clock (time since boot), the clock a harness's
/// <see cref="Stopwatch"/> also reads, so the harness's spawn and first-response marks line up with them.
/// Each mark is set once; later calls keep the first value.
/// </summary>
public sealed class ColdStartTimeline
{
    public const string ProcessStart = "process_start";
    public const string Main = "main";
    public const string RuntimeReady = "runtime_ready";
    public const string ModelLoaded = "model_loaded";

    /// <summary>Our engine's model file mapped, its pages wired in: the rest of the load builds the plan. Absent for other engines.</summary>
    public const string ModelMapped = "model_mapped";
    public const string FirstInference = "first_inference";

    private static readonly string[] Order = [ProcessStart, Main, RuntimeReady, ModelMapped, ModelLoaded, FirstInference];
    private readonly Dictionary<string, double> marksMs = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private bool reported;

    /// <summary>A timeline with process_start read from the kernel and main set to now.</summary>
    public static ColdStartTimeline StartAtMain()
    {
        var timeline = new ColdStartTimeline();
        if (ProcessClock.ProcessStartMs() is { } start)
        {
            timeline.marksMs[ProcessStart] = start;
        }

        timeline.Mark(Main);
        return timeline;
    }

    /// <summary>Sets <paramref name="mark"/> to now, unless it is already set.</summary>
    public void Mark(string mark)
    {
        var now = ProcessClock.NowMs();
        lock (gate)
        {
            marksMs.TryAdd(mark, now);
        }
    }

    public double? this[string mark]
    {
        get
        {
            lock (gate)
            {
                return marksMs.TryGetValue(mark, out var value) ? value : null;
            }
        }
    }

    public bool IsComplete => this[FirstInference] is not null;

    /// <summary>
    /// True when the model loads beside the runtime's start (the HTTP hosts start the load, then bind) rather than
    /// before or after it. It decides how <see cref="Phases"/> splits the time and travels in the JSON line as
    /// <c>"load": "overlapped"</c> or <c>"sequential"</c>.
    /// </summary>
    public bool LoadOverlapsStart { get; set; }

    /// <summary>A timeline from recorded marks (a harness re-deriving phases with its own spawn as process_start).</summary>
    public static ColdStartTimeline FromMarks(IReadOnlyDictionary<string, double> marksMs, bool loadOverlapsStart)
    {
        ArgumentNullException.ThrowIfNull(marksMs);
        var timeline = new ColdStartTimeline { LoadOverlapsStart = loadOverlapsStart };
        foreach (var (mark, value) in marksMs)
        {
            timeline.marksMs[mark] = value;
        }

        return timeline;
    }

    /// <summary>
    /// runtime_init, model_load and first_inference in ms, where their marks are set. They add up to process_start →
    /// first_inference, each stretch counted once, in the order the host recorded the marks:
    /// <list type="bullet">
    /// <item>a load beside the start (HTTP hosts): runtime_init = process_start → runtime_ready, model_load = what the
    /// load adds after that (0 when it finished first), first_inference = from the later of the two;</item>
    /// <item>a load before readiness (Lambda, so that a failed load goes to /runtime/init/error): model_load = main →
    /// model_loaded, runtime_init = process_start → runtime_ready less that load, first_inference = runtime_ready →
    /// first_inference;</item>
    /// <item>a load after readiness: runtime_init = process_start → runtime_ready, model_load = runtime_ready →
    /// model_loaded.</item>
    /// </list>
    /// </summary>
    public IReadOnlyList<(string Name, double DurationMs)> Phases()
    {
        var phases = new List<(string, double)>();
        var (start, ready, loaded, first) = (this[ProcessStart], this[RuntimeReady], this[ModelLoaded], this[FirstInference]);
        var (loadedFirst, loadMs) = Load();
        if (start is not null && ready is not null)
        {
            phases.Add(("runtime_init", Math.Round(ready.Value - start.Value - (loadedFirst ? loadMs ?? 0 : 0), 3)));
        }

        if (loadMs is { } load)
        {
            phases.Add(("model_load", Math.Round(load, 3)));
        }

        if (loaded is not null && first is not null)
        {
            var from = ready is not null ? Math.Max(ready.Value, loaded.Value) : loaded.Value;
            phases.Add(("first_inference", Math.Round(first.Value - from, 3)));
        }

        return phases;
    }

    /// <summary>
    /// Where two phases go, each split in two that add up to it, present only where their marks are:
    /// <list type="bullet">
    /// <item>runtime_init = runtime_exec (process_start → main: the kernel's exec and the runtime's own start before our
    /// code) + runtime_host (the rest: the host's set-up until it is ready);</item>
    /// <item>model_load = model_map (up to model_mapped: opening and mapping the file and wiring in its pages) +
    /// model_plan (the rest: optimizing the graph, compiling the steps, the arena). model_load counts from main when the
    /// model loads first, else from runtime_ready; a map that finished before that point counts 0, so the two always
    /// add up to model_load.</item>
    /// </list>
    /// </summary>
    public IReadOnlyList<(string Name, double DurationMs)> SubPhases()
    {
        var subPhases = new List<(string, double)>();
        var phases = Phases().ToDictionary(p => p.Name, p => p.DurationMs, StringComparer.Ordinal);
        if (phases.TryGetValue("runtime_init", out var runtimeInit) && this[ProcessStart] is { } start && this[Main] is { } main)
        {
            var exec = Math.Round(Math.Min(main - start, runtimeInit), 3);
            subPhases.Add(("runtime_exec", exec));
            subPhases.Add(("runtime_host", Math.Round(runtimeInit - exec, 3)));
        }

        var (loadedFirst, _) = Load();
        var from = loadedFirst ? this[Main] : this[RuntimeReady];
        if (phases.TryGetValue("model_load", out var modelLoad) && this[ModelMapped] is { } mapped && from is { } loadFrom)
        {
            var map = Math.Round(Math.Clamp(mapped - loadFrom, 0, modelLoad), 3);
            subPhases.Add(("model_map", map));
            subPhases.Add(("model_plan", Math.Round(modelLoad - map, 3)));
        }

        return subPhases;
    }

    /// <summary>Whether the model loaded before the runtime was ready (Lambda), and model_load in ms where its marks are.</summary>
    private (bool LoadedFirst, double? LoadMs) Load()
    {
        var (main, ready, loaded) = (this[Main], this[RuntimeReady], this[ModelLoaded]);
        var loadedFirst = !LoadOverlapsStart && ready is not null && loaded is not null && loaded < ready;
        var loadMs = loadedFirst ? loaded - main : loaded - ready;
        if (LoadOverlapsStart && loadMs < 0)
        {
            loadMs = 0;
        }

        return (loadedFirst, loadMs);
    }

    /// <summary>
    /// The <c>Server-Timing</c> header value: the phases, then the sub-phases there are marks for, as in
    /// <c>runtime_init;dur=4.1, model_load;dur=9.3, first_inference;dur=31.0, runtime_exec;dur=2.2, …</c>.
    /// </summary>
    public string ServerTiming() =>
        ServerTimingEntries.Join([.. Phases(), .. SubPhases()]);

    /// <summary>The one JSON line a process writes about its cold start.</summary>
    public string ToJsonLine(IReadOnlyDictionary<string, string> context)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", "cold_start");
            json.WriteString("load", LoadOverlapsStart ? "overlapped" : "sequential");
            foreach (var (key, value) in context)
            {
                json.WriteString(key, value);
            }

            json.WriteStartObject("marks_ms");
            foreach (var mark in Order)
            {
                if (this[mark] is { } value)
                {
                    json.WriteNumber(mark, Math.Round(value, 3));
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("phases_ms");
            foreach (var (name, duration) in Phases())
            {
                json.WriteNumber(name, duration);
            }

            json.WriteEndObject();
            json.WriteStartObject("subphases_ms");
            foreach (var (name, duration) in SubPhases())
            {
                json.WriteNumber(name, duration);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the JSON line to stdout once, after the first inference.</summary>
    public void ReportOnce(IReadOnlyDictionary<string, string> context)
    {
        lock (gate)
        {
            if (reported)
            {
                return;
            }

            reported = true;
        }

        Console.Out.WriteLine(ToJsonLine(context));
        Console.Out.Flush();
    }
}

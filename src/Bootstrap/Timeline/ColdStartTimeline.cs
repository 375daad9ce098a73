using System.Diagnostics;
using System.Globalization;
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
    public const string FirstInference = "first_inference";

    private static readonly string[] Order = [ProcessStart, Main, RuntimeReady, ModelLoaded, FirstInference];
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
    /// runtime_init, model_load and first_inference in ms, where their marks are set. Phases are differences of
    /// consecutive marks in the order the host recorded them: a host that loads the model before it is ready (Lambda,
    /// so that a failed load goes to /runtime/init/error) has model_load = main → model_loaded and runtime_init =
    /// process_start → runtime_ready less that load; a host that binds first (SageMaker, Cloud Run) has
    /// runtime_init = process_start → runtime_ready and model_load = runtime_ready → model_loaded.
    /// </summary>
    public IReadOnlyList<(string Name, double DurationMs)> Phases()
    {
        var phases = new List<(string, double)>();
        var (start, main, ready, loaded, first) = (this[ProcessStart], this[Main], this[RuntimeReady], this[ModelLoaded], this[FirstInference]);
        var loadedFirst = ready is not null && loaded is not null && loaded < ready;
        var loadMs = loadedFirst ? loaded - main : loaded - ready;
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
            phases.Add(("first_inference", Math.Round(first.Value - loaded.Value, 3)));
        }

        return phases;
    }

    /// <summary>The <c>Server-Timing</c> header value: <c>runtime_init;dur=4.1, model_load;dur=9.3, first_inference;dur=31.0</c>.</summary>
    public string ServerTiming() =>
        string.Join(", ", Phases().Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name};dur={p.DurationMs:0.###}")));

    /// <summary>The one JSON line a process writes about its cold start.</summary>
    public string ToJsonLine(IReadOnlyDictionary<string, string> context)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", "cold_start");
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

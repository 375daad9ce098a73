using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>Figure 6: cold-start phases of fresh bootstrap processes per host, build, engine and page-cache state.</summary>
internal static class ColdStartSection
{
    private static readonly (string Field, string Name)[] Phases =
    [
        ("container_init_ms", "container init"),
        ("runtime_init_ms", "runtime init"),
        ("model_load_ms", "model load"),
        ("first_inference_ms", "first inference"),
    ];

    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        var rows = results.Rows("coldstart").Where(r => r.Median("end_to_end_ms") is not null).ToList();
        if (rows.Count == 0)
        {
            writer.SkippedSection("coldstart", "Figure 6: cold starts", "no `coldstart` section (run `coldstart --json PATH`).");
            return;
        }

        writer.Section("coldstart", "Figure 6: cold starts");
        var phases = Phases.Where(p => rows.Any(r => r.Median(p.Field) is not null)).ToList();
        var headers = new List<string> { "host", "build", "engine", "isa", "model", "page cache", "runs" };
        headers.AddRange(phases.Select(p => p.Name + " (ms)"));
        headers.Add("end to end (ms, p95)");
        headers.Add("init + load share");
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(6, headers.Count - 6));
        foreach (var row in rows)
        {
            var cells = new List<string> { Host(row), row.Label("build"), row.Label("engine"), row.Label("isa"), row.Label("model"), row.Label("page_cache"), Numbers.Int(row.Number("runs")) };
            cells.AddRange(phases.Select(p => Numbers.SigWithInterval(row.Median(p.Field), row.MedianCi95(p.Field))));
            cells.Add($"{Numbers.SigWithInterval(row.Median("end_to_end_ms"), row.MedianCi95("end_to_end_ms"))} ({Numbers.Sig(row.P95("end_to_end_ms"))})");
            cells.Add(Numbers.Percent(LoadingMs(row) / row.Median("end_to_end_ms")));
            table.Add([.. cells]);
        }

        writer.Paragraph("Medians over fresh processes. Phases follow DESIGN.md: runtime init is process start to host ready, model load is weights " +
                         "ready to run, first inference is the first request's inference; end to end is spawn to first response on the harness clock. " +
                         "Container rows start the platform's image with `podman run`: container init is that spawn to the bootstrap's main (runc's set-up " +
                         "included), runtime init runs from main, and end to end starts at the spawn." +
                         (rows.Any(r => phases.Select(p => p.Field).Append("end_to_end_ms").Any(f => r.MedianCi95(f) is not null)) ? " " + Numbers.IntervalSentence : ""));
        writer.Table(table);
        SubPhases(writer, rows);
        ColdStartRelaunch.Write(writer, rows.Where(r => !IsContainer(r)).ToList());

        var slowest = rows.Max(r => r.Median("end_to_end_ms")!.Value);
        writer.Paragraph($"The paper's cold starts (Figure 6, MobileNetV1 and BERT on Lambda, SageMaker and Cloud Run) exceed {Numbers.Duration(ColdStartFindings.PaperColdStartMs)}; " +
                         $"the slowest median here is {Numbers.Duration(slowest)}, {Numbers.Times(ColdStartFindings.PaperColdStartMs / slowest)} below that.");
        SideBySide(writer, rows.Where(r => !IsContainer(r)).ToList());
        ContainerRatios(writer, rows);
        Bursts(writer, rows);

        var multipleModels = rows.Select(r => r.Label("model")).Distinct().Count() > 1;
        var categories = rows.Select(r => $"{Host(r)} {r.Label("build")} {r.Label("engine")} {r.Label("page_cache")}" + (multipleModels ? " " + r.Label("model") : "")).ToList();
        var segments = phases.Select(p => new BarSeries(p.Name, [.. rows.Select(r => r.Median(p.Field))])).ToList();
        segments.Add(new BarSeries("rest of end to end (spawn, transfer)", [.. rows.Select(r => r.Median("end_to_end_ms") - phases.Sum(p => r.Median(p.Field) ?? 0))]));
        writer.Figure("coldstart.png", "Cold-start phases per host, build, engine and page cache (stacked medians; bar height = end-to-end median); the paper's Figure 6 bars exceed 10 s",
            path => Charts.Stacked(path, "Cold start by phase (paper's Figure 6: over 10 s)", "host, build, engine, page cache", "median time (ms)", categories, segments));
    }

    private static readonly (string Name, string Header)[] SubPhaseColumns =
    [
        ("runtime_exec", "exec → main"),
        ("runtime_host", "main → ready"),
        ("model_map", "map"),
        ("model_plan", "plan"),
    ];

    /// <summary>
    /// Where runtime init and model load go, for the rows whose bootstrap recorded the sub-phases: exec → main (the
    /// kernel's exec and the runtime's own start) and main → ready; the model file mapped with its pages wired in, and
    /// the plan built. Each pair adds up to its phase.
    /// </summary>
    private static void SubPhases(ReportWriter writer, List<JsonObject> rows)
    {
        var split = rows.Where(r => r["subphases_ms"] is JsonObject).ToList();
        if (split.Count == 0)
        {
            return;
        }

        var headers = new List<string> { "host", "build", "engine", "model", "page cache" };
        headers.AddRange(SubPhaseColumns.Select(c => c.Header + " (ms)"));
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(5, SubPhaseColumns.Length));
        foreach (var row in split)
        {
            var subPhases = (JsonObject)row["subphases_ms"]!;
            table.Add([Host(row), row.Label("build"), row.Label("engine"), row.Label("model"), row.Label("page_cache"),
                .. SubPhaseColumns.Select(c => subPhases.Median(c.Name) is { } median ? Numbers.Sig(median) : "–")]);
        }

        writer.Paragraph("Where runtime init and model load go (medians): exec → main is the kernel's exec and the runtime's own start before our " +
                         "code, main → ready the host's set-up; map is opening the model file, mapping it and wiring in the pages this tier reads, " +
                         "plan is the graph optimized, the steps compiled and the arena allocated. Each pair adds up to its phase; – where a " +
                         "stage never ran (another engine than ours has no map).");
        writer.Table(table);
    }

    private static bool IsContainer(JsonObject row) => row.Text("mode") == "container";

    /// <summary>The host, marked "(container)" for a container row.</summary>
    private static string Host(JsonObject row) => row.Label("host") + (IsContainer(row) ? " (container)" : "");

    /// <summary>Each container row beside the AOT process row of the same host, engine, model and page cache.</summary>
    private static void ContainerRatios(ReportWriter writer, List<JsonObject> rows)
    {
        var pairs = (from container in rows.Where(IsContainer)
                     join process in rows.Where(r => !IsContainer(r) && r.Text("build") == "aot")
                         on (container.Text("host"), container.Text("engine"), container.Text("model"), container.Text("page_cache")) equals (process.Text("host"), process.Text("engine"), process.Text("model"), process.Text("page_cache"))
                     select (Container: container, Process: process)).ToList();
        foreach (var (container, process) in pairs)
        {
            writer.Bullet($"Container ÷ process end to end, {container.Label("host")} AOT {container.Label("engine")} {container.Label("model")}: " +
                          $"{Numbers.Times(container.Median("end_to_end_ms") / process.Median("end_to_end_ms"))} ({Numbers.Duration(container.Median("end_to_end_ms"))} vs " +
                          $"{Numbers.Duration(process.Median("end_to_end_ms"))}; container init {Numbers.Duration(container.Median("container_init_ms"))}).");
        }

        if (pairs.Count > 0)
        {
            writer.EndList();
        }
    }

    /// <summary>Runtime (or container) init plus model load: the part the paper calls loading libraries and the model.</summary>
    internal static double LoadingMs(JsonObject row) =>
        (row.Median("container_init_ms") ?? 0) + (row.Median("runtime_init_ms") ?? 0) + (row.Median("model_load_ms") ?? 0);

    private static readonly (string Build, string Name)[] Builds = [("aot", "AOT"), ("r2r", "ReadyToRun"), ("jit", "JIT"), (ColdStartFindings.HeavyStackBuild, "Python + PyTorch")];

    /// <summary>
    /// The builds beside each other per model, host and page cache, the heavy stack included: end-to-end medians (p95)
    /// and each build ÷ AOT. Process rows only; a bootstrap build's row is its kernels engine's when it ran several. The
    /// relaunch's own builds (aot-v3, aot-v4) have their comparison (<see cref="ColdStartRelaunch"/>) and no column here.
    /// </summary>
    private static void SideBySide(ReportWriter writer, List<JsonObject> rows)
    {
        var groups = rows.Where(r => Builds.Any(b => b.Build == r.Text("build")))
            .Where(r => r.Text("build") == ColdStartFindings.HeavyStackBuild || (r.Text("engine") ?? "kernels") == "kernels")
            .GroupBy(r => (Model: r.Label("model"), Host: r.Label("host"), PageCache: r.Label("page_cache")))
            .Where(g => g.Select(r => r.Text("build")).Distinct().Count() > 1)
            .ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var builds = Builds.Where(b => groups.Any(g => g.Any(r => r.Text("build") == b.Build))).ToList();
        var headers = new List<string> { "model", "host", "page cache" };
        headers.AddRange(builds.Select(b => $"{b.Name} (ms, p95)"));
        headers.AddRange(builds.Skip(1).Select(b => $"{b.Name} ÷ AOT"));
        var table = new MarkdownTable([.. headers]);
        table.RightAligned.UnionWith(Enumerable.Range(3, headers.Count - 3));
        foreach (var group in groups.OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Host, StringComparer.Ordinal))
        {
            var byBuild = builds.Select(b => group.FirstOrDefault(r => r.Text("build") == b.Build)).ToList();
            var aot = byBuild[0]?.Median("end_to_end_ms");
            var cells = new List<string> { group.Key.Model, group.Key.Host, group.Key.PageCache };
            cells.AddRange(byBuild.Select(r => r is null ? "not run" : $"{Numbers.Sig(r.Median("end_to_end_ms"))} ({Numbers.Sig(r.P95("end_to_end_ms"))})"));
            cells.AddRange(byBuild.Skip(1).Select(r => Numbers.Times(r?.Median("end_to_end_ms") / aot)));
            table.Add([.. cells]);
        }

        writer.Paragraph("The builds side by side: end-to-end cold-start medians on the same host, model and page cache, and each ÷ the AOT bootstrap's. " +
                         "Python + PyTorch is the paper's kind of stack (a fresh interpreter importing torch), measured on this machine.");
        writer.Table(table);
    }

    /// <summary>The paper's cold burst: 40 concurrent requests to a fresh process (about half failed on Cloud Run).</summary>
    private static void Bursts(ReportWriter writer, List<JsonObject> rows)
    {
        var bursts = rows.Where(r => r.Number("burst_requests") is > 0).ToList();
        if (bursts.Count == 0)
        {
            return;
        }

        var table = new MarkdownTable("host", "build", "engine", "page cache", "requests", "failed", "spawn → response median (ms)", "p95 (ms)");
        table.RightAligned.UnionWith(Enumerable.Range(4, 4));
        foreach (var row in bursts)
        {
            table.Add(row.Label("host"), row.Label("build"), row.Label("engine"), row.Label("page_cache"), Numbers.Int(row.Number("burst_requests")),
                Numbers.Int(row.Number("burst_failed")), Numbers.Sig(row.Median("burst_latency_ms")), Numbers.Sig(row.P95("burst_latency_ms")));
        }

        writer.Paragraph("Cold bursts: 40 concurrent requests taken at a fresh process's spawn, held until its port accepts a TCP connection " +
                         "(Cloud Run's default startup probe) and then sent at once, each on its own connection, with no retry; an error status, " +
                         "a dropped connection or no answer within 60 s counts as failed. The paper saw about half of Cloud Run's requests fail.");
        writer.Table(table);
    }
}

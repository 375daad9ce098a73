using System.Text.Json.Nodes;
using Toolkit.Bench.Report.Internal;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Report.Internal.Sections;

/// <summary>The toolkit's own targets (issue 5), each met, missed or not in the file, from the recorded numbers.</summary>
internal static class TargetsSection
{
    // Issue 5's targets for this machine; each is quoted in the report beside the measured value.
    private const double AotMobileNetColdStartLimitMs = 60;
    private const double JitOverAotExpected = 5;
    private const double BinaryRestOverGrpcLimit = 1.5;

    public static void Write(ReportWriter writer, ResultsDocument results)
    {
        writer.Section("targets", "Targets");
        var table = new MarkdownTable("target", "measured", "status");
        // The budget is the experiments': the build step (publishing the bootstraps) is outside it, as in the run's last line.
        var run = results.Block("run");
        var timed = run?.Number("timed_seconds") ?? run?.Number("total_seconds");
        table.Add("default run ≤ 10 min (build excluded)", timed is { } s ? Numbers.Fixed(s / 60, 1) + " min" : "–", Status(timed, v => v <= DefaultRun.BudgetSeconds));

        // The targets are the bootstrap process's; container rows (coldstart --container) add podman's start on top.
        var coldStart = results.Rows("coldstart").Where(r => r.Text("mode") != "container").ToList();
        var aot = coldStart.Where(r => r.Text("build") == "aot" && r.Text("engine") == "kernels" && r.Text("model") == "mobilenet_v1" && r.Text("page_cache") == "warm" && r.Median("end_to_end_ms") is not null).ToList();
        var slowestAot = aot.MaxBy(r => r.Median("end_to_end_ms"));
        table.Add("AOT, own engine, MobileNetV1, warm page cache: end-to-end median ≤ 60 ms (every host)",
            slowestAot is null ? "–" : $"{Numbers.Duration(slowestAot.Median("end_to_end_ms"))} (slowest: {slowestAot.Label("host")})",
            Status(slowestAot?.Median("end_to_end_ms"), v => v <= AotMobileNetColdStartLimitMs));

        var ratios = (from a in coldStart.Where(r => r.Text("build") == "aot")
                      join j in coldStart.Where(r => r.Text("build") == "jit")
                          on (a.Text("host"), a.Text("engine"), a.Text("model"), a.Text("page_cache")) equals (j.Text("host"), j.Text("engine"), j.Text("model"), j.Text("page_cache"))
                      let ratio = j.Median("end_to_end_ms") / a.Median("end_to_end_ms")
                      where ratio is not null
                      select ratio!.Value).ToList();
        table.Add("JIT ÷ AOT end to end (expect ≥ 5×)", ratios.Count == 0 ? "–" : $"{Numbers.Times(ratios.Min())} to {Numbers.Times(ratios.Max())}",
            Status(ratios.Count == 0 ? null : ratios.Min(), v => v >= JitOverAotExpected));

        var burstFailed = coldStart.Select(r => r.Number("burst_failed")).Where(v => v is not null).ToList();
        table.Add("cold burst of 40 requests: 0 failed", burstFailed.Count == 0 ? "–" : Numbers.Int(burstFailed.Max()) + " failed at most", Status(burstFailed.Count == 0 ? null : burstFailed.Max(), v => v == 0));

        var binary = BinaryOverGrpc(results.Rows("protocols"));
        table.Add("YOLOv5: kserve_binary over REST within 1.5× of gRPC end to end", Numbers.Times(binary), Status(binary, v => v <= BinaryRestOverGrpcLimit));
        writer.Table(table);
    }

    private static double? BinaryOverGrpc(IReadOnlyList<JsonObject> rows)
    {
        var yolo = rows.Where(r => r.Text("model") == "yolo_v5" && (r.Number("concurrency") ?? 1) == 1).ToList();
        var binary = yolo.FirstOrDefault(r => r.Text("format") == "kserve_binary")?.Median("end_to_end_ms");
        var grpc = yolo.Where(r => r.Text("transport") == "grpc").Select(r => r.Median("end_to_end_ms")).Where(v => v is not null).Min();
        return binary / grpc;
    }

    private static string Status(double? measured, Func<double, bool> met) => measured switch
    {
        null => "not in this file",
        { } v when met(v) => "met",
        _ => "missed",
    };
}

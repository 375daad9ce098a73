using System.Globalization;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;

namespace Toolkit.Bench.Protocols;

/// <summary>Prints Figure 3 as tables, one per model and concurrency: format × phase, median (p95) in ms.</summary>
public static class ProtocolReport
{
    public static void Print(IReadOnlyList<ProtocolRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var group in rows.GroupBy(r => (r.Model, r.Engine, r.TransportOnly, r.Concurrency)))
        {
            var label = group.Key.TransportOnly ? "transport_only: the server computes nothing" : $"engine {group.Key.Engine}";
            Console.WriteLine();
            Console.WriteLine($"{group.Key.Model} ({label}), concurrency {group.Key.Concurrency}: median (p95) ms");
            var table = new TextTable("format", "transport", "ok/sent", "req MB", "resp MB", "client encode", "transfer", "server decode", "inference", "srv enc + cli dec", "end to end");
            foreach (var r in group)
            {
                table.Add(r.Format, r.Transport, $"{r.Requests - r.Errors}/{r.Requests}", Mb(r.RequestBytes), Mb(r.ResponseBytes),
                    Cell(r.ClientEncodeMs), Cell(r.TransferMs), Cell(r.ServerDecodeMs), Cell(r.InferenceMs), Cell(r.ServerEncodeClientDecodeMs), Cell(r.EndToEndMs));
            }

            table.Print();
            foreach (var failed in group.Where(r => r.Errors > 0))
            {
                Console.WriteLine($"  {failed.Format}: {failed.Errors} of {failed.Requests} failed; first: {failed.FirstError}");
            }

            PrintRestVersusGrpc([.. group]);
        }
    }

    /// <summary>Issue 5's target: the REST binary extension within 1.5× of gRPC end to end (median).</summary>
    private static void PrintRestVersusGrpc(IReadOnlyList<ProtocolRow> rows)
    {
        var binary = rows.FirstOrDefault(r => r.Format == "kserve_binary")?.EndToEndMs;
        var grpc = rows.FirstOrDefault(r => r.Format == "kserve_grpc")?.EndToEndMs;
        var json = rows.FirstOrDefault(r => r.Format == "tfserving_json")?.EndToEndMs;
        if (binary is null || grpc is null)
        {
            return;
        }

        var ratio = binary.Median / grpc.Median;
        var verdict = ratio <= 1.5 ? "within" : "outside";
        var paperGap = json is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; REST tfserving_json ÷ gRPC kserve_grpc: {json.Median / grpc.Median:F2}×");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  REST kserve_binary ÷ gRPC kserve_grpc end to end: {ratio:F2}× ({verdict} the 1.5× target){paperGap}"));
    }

    private static string Cell(PhaseStats? stats) =>
        stats is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Format(stats.Median)} ({Format(stats.P95)})");

    private static string Format(double ms) => ms.ToString(Math.Abs(ms) >= 100 ? "F0" : Math.Abs(ms) >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    private static double Mb(long bytes) => Math.Round(bytes / 1e6, 3);
}

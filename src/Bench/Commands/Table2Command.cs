using System.CommandLine;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Table2;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>table2 [--quick] [--json PATH]</c>: the paper's Table 2 on every wire format. For each model, direction,
/// format and element type: bytes, MiB beside the paper's, encode and decode time, and which platform limits the
/// body fits. Then the JSON float codec against System.Text.Json, and protobuf encoding against a memory copy.
/// </summary>
public static class Table2Command
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions and one codec payload (about a minute)." };
        var json = new Option<string?>("--json") { Description = "Write the rows to this results file (sections table2, json_codec, protobuf_copy)." };
        var command = new Command("table2", "Table 2: payload sizes and codec costs of every wire format, with platform limits.") { quick, json };
        command.SetAction(parse => Run(parse.GetValue(quick), parse.GetValue(json)));
        return command;
    }

    public static int Run(bool quick, string? jsonPath)
    {
        var rows = Table2Runner.Run(quick);
        var table = new TextTable("model", "dir", "format", "dtype", "bytes", "MiB", "paper", "framing B", "encode us", "decode us", "lambda", "sagemaker", "cloud run");
        foreach (var r in rows)
        {
            table.Add(r.Model, r.Direction, r.Format, r.DataType, r.Bytes, r.Mib, r.PaperMib, r.FramingBytes, r.EncodeUs, r.DecodeUs, Fit(r.FitsLambda), Fit(r.FitsSageMaker), Fit(r.FitsCloudRun));
        }

        Console.WriteLine("Table 2 — payloads on every wire format (paper: gRPC column in MiB, REST column as printed, in MB)");
        table.Print();

        var codec = CodecComparison.RunJsonCodec(quick);
        var codecTable = new TextTable("payload", "values", "bytes", "write ns/value", "STJ write", "write x", "read ns/value", "STJ read", "read x");
        foreach (var r in codec)
        {
            codecTable.Add(r.Payload, r.Values, r.ToolkitBytes, r.ToolkitEncodeNsPerValue, r.SystemTextJsonEncodeNsPerValue, r.EncodeSpeedup, r.ToolkitDecodeNsPerValue, r.SystemTextJsonDecodeNsPerValue, r.DecodeSpeedup);
        }

        Console.WriteLine();
        Console.WriteLine("JSON float codec against System.Text.Json (flat float[] arrays; x = median speed-up of alternating runs)");
        codecTable.Print();

        var copy = CodecComparison.RunProtobufCopy(quick);
        var copyTable = new TextTable("payload", "format", "encode us", "memcpy us", "ratio");
        foreach (var r in copy)
        {
            copyTable.Add(r.Payload, r.Format, r.EncodeUs, r.MemcpyUs, r.Ratio);
        }

        Console.WriteLine();
        Console.WriteLine("Protobuf encoding against a copy of the same bytes into a new array (ratio = median of alternating runs)");
        copyTable.Print();

        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "table2", rows);
            ResultsFile.Write(jsonPath, "json_codec", codec);
            ResultsFile.Write(jsonPath, "protobuf_copy", copy);
        }

        return 0;
    }

    private static string Fit(bool fits) => fits ? "yes" : "no";
}

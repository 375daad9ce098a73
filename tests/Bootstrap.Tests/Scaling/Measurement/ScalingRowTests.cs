using System.Text.Json;
using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

public class ScalingRowTests
{
    [Fact]
    public void A_row_carries_the_field_names_other_tools_read()
    {
        var row = new ScalingRow(ScalingRow.Containers, "mobilenet_v1", "2_4_1", ScalingRow.Simulated, new MedianP95(300, 600), 1.25,
            PredictionError: MedianP95.RelativeError(new MedianP95(300, 600), new MedianP95(250, 500)));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(row));
        var root = json.RootElement;

        Assert.Equal("containers", root.GetProperty("platform").GetString());
        Assert.Equal("mobilenet_v1", root.GetProperty("model").GetString());
        Assert.Equal("2_4_1", root.GetProperty("config").GetString());
        Assert.Equal("simulated", root.GetProperty("source").GetString());
        Assert.Equal(300, root.GetProperty("latency_ms").GetProperty("median").GetDouble());
        Assert.Equal(600, root.GetProperty("latency_ms").GetProperty("p95").GetDouble());
        Assert.Equal(1.25, root.GetProperty("cost_per_million_usd").GetDouble());
        Assert.Equal(0.2, root.GetProperty("prediction_error").GetProperty("median").GetDouble(), 1e-9);
        Assert.Equal(0.2, root.GetProperty("prediction_error").GetProperty("p95").GetDouble(), 1e-9);
    }

    [Fact]
    public void Rows_round_trip_through_a_results_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toolkit-scaling-{Guid.NewGuid():N}.json");
        try
        {
            var row = new ScalingRow(ScalingRow.Faas, "mobilenet_v1", "1769MB", ScalingRow.Measured, new MedianP95(20, 30), 0.5, Vcpus: 1, QuotaCores: 1, Threads: 1);
            Toolkit.Bench.Reporting.ResultsFile.Write(path, "scaling", [row]);

            var read = Assert.Single(ScalingRows.Read(path));

            Assert.Equal(row.Config, read.Config);
            Assert.Equal(row.LatencyMs, read.LatencyMs);
            Assert.Equal(row.CostPerMillionUsd, read.CostPerMillionUsd);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

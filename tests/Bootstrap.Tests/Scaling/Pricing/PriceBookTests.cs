using System.Text.Json.Nodes;
using Toolkit.Bench.Scaling.Pricing;

namespace Toolkit.Bootstrap.Tests.Scaling.Pricing;

public sealed class PriceBookTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("prices-").FullName;

    [Fact]
    public void The_shipped_file_loads_with_every_platform_priced_and_sourced()
    {
        var book = PriceBook.Load();

        Assert.Equal(PriceBook.DefaultPath, book.SourcePath);
        Assert.Equal(0.0000166667, book.Lambda.GbSecond.Value);
        Assert.Equal(1769, book.Lambda.MbPerVcpu.Value);
        Assert.Equal([1024, 2048, 3072, 4096, 5120, 6144], book.SageMakerServerless.MemorySizesMb);
        Assert.Equal(100, book.CloudRun.BillingGranularityMs.Value);
        Assert.True(book.CloudRun.IsValid(2, 0.5));
        Assert.False(book.CloudRun.IsValid(4, 1));
        Assert.StartsWith("https://", book.CloudRun.RequestBilled.VcpuSecond.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(folder, "none.json");

        var error = Assert.Throws<PriceBookException>(() => PriceBook.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused()
    {
        var path = Write("{ not json");

        var error = Assert.Throws<PriceBookException>(() => PriceBook.Load(path));

        Assert.Contains("expected JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lambda", "gb_second", null, "lambda.gb_second")]
    [InlineData("lambda", "gb_second", -1.0, "lambda.gb_second.value")]
    [InlineData("cloud_run", "billing_granularity_ms", null, "cloud_run.billing_granularity_ms")]
    [InlineData("sagemaker_serverless", "data_in_per_gb", null, "sagemaker_serverless.data_in_per_gb")]
    public void A_missing_or_out_of_range_field_is_named(string platform, string field, double? value, string expected)
    {
        var root = JsonNode.Parse(File.ReadAllText(PriceBook.DefaultPath))!.AsObject();
        var section = root[platform]!.AsObject();
        if (value is null)
        {
            section.Remove(field);
        }
        else
        {
            section[field]!["value"] = value;
        }

        var error = Assert.Throws<PriceBookException>(() => PriceBook.Load(Write(root.ToJsonString())));

        Assert.Contains($"'{expected}'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(folder, "prices.json");
        File.WriteAllText(path, text);
        return path;
    }
}

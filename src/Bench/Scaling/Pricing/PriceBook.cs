using System.Text.Json;
using System.Text.Json.Serialization;
using Toolkit.Bench.Scaling.Pricing.Internal;

namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>
/// Every platform's published prices and billing rules, read from one JSON file (<c>Scaling/Pricing/prices.json</c>
/// beside the binary by default; users edit it or pass <c>--prices PATH</c>).
/// </summary>
public sealed record PriceBook(
    [property: JsonPropertyName("lambda")] LambdaPrices Lambda,
    [property: JsonPropertyName("sagemaker_serverless")] SageMakerServerlessPrices SageMakerServerless,
    [property: JsonPropertyName("cloud_run")] CloudRunPrices CloudRun,
    [property: JsonPropertyName("currency")] string Currency = "USD",
    [property: JsonPropertyName("about")] string About = "")
{
    /// <summary>The file shipped with the build.</summary>
    public static string DefaultPath { get; } = Path.Combine(AppContext.BaseDirectory, "Scaling", "Pricing", "prices.json");

    /// <summary>Where this book was read from (empty when built in code).</summary>
    [JsonIgnore]
    public string SourcePath { get; init; } = "";

    /// <summary>Reads and checks a prices file; <paramref name="path"/> null reads <see cref="DefaultPath"/>.</summary>
    /// <exception cref="PriceBookException">The file is missing, is not JSON of this shape, or a field is absent or out of range.</exception>
    public static PriceBook Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            throw new PriceBookException($"Prices file '{path}': expected an existing JSON file, found none.");
        }

        PriceBook? book;
        try
        {
            book = JsonSerializer.Deserialize<PriceBook>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PriceBookException($"Prices file '{path}': expected JSON with 'lambda', 'sagemaker_serverless' and 'cloud_run' objects; {e.Message}", e);
        }

        if (book is null)
        {
            throw new PriceBookException($"Prices file '{path}': expected a JSON object, found null.");
        }

        PriceBookValidation.Check(book, path);
        return book with { SourcePath = path };
    }
}

namespace Toolkit.Bench.Scaling.Pricing.Internal;

/// <summary>Checks a deserialized price book field by field, so a bad file fails at load with the field's path, not later with a NullReferenceException.</summary>
internal static class PriceBookValidation
{
    public static void Check(PriceBook book, string path)
    {
        void Fail(string field, string expected, object? received) =>
            throw new PriceBookException($"Prices file '{path}': field '{field}' must be {expected}, found {received ?? "nothing"}.");

        void Quote(PriceQuote? quote, string field, double min = double.Epsilon, double max = double.MaxValue)
        {
            if (quote is null)
            {
                Fail(field, "an object {value, unit, date, source, confirmed}", null);
                return;
            }

            if (!double.IsFinite(quote.Value) || quote.Value < min || quote.Value > max)
            {
                Fail(field + ".value", $"a number in [{min:G4}, {max:G4}]", quote.Value);
            }

            if (string.IsNullOrWhiteSpace(quote.Source))
            {
                Fail(field + ".source", "a source URL", "an empty string");
            }

            if (string.IsNullOrWhiteSpace(quote.Date))
            {
                Fail(field + ".date", "the date the number was read", "an empty string");
            }
        }

        if (book.Lambda is not { } lambda)
        {
            Fail("lambda", "an object", null);
            return;
        }

        Quote(lambda.GbSecond, "lambda.gb_second");
        Quote(lambda.PerMillionRequests, "lambda.per_million_requests", 0);
        Quote(lambda.BillingGranularityMs, "lambda.billing_granularity_ms", 0);
        Quote(lambda.MinMemoryMb, "lambda.min_memory_mb", 1);
        Quote(lambda.MaxMemoryMb, "lambda.max_memory_mb", lambda.MinMemoryMb.Value);
        Quote(lambda.MbPerVcpu, "lambda.mb_per_vcpu", 1);
        Quote(lambda.MaxVcpu, "lambda.max_vcpu");
        Quote(lambda.DefaultConcurrencyLimit, "lambda.default_concurrency_limit", 1);

        if (book.SageMakerServerless is not { } sageMaker)
        {
            Fail("sagemaker_serverless", "an object", null);
            return;
        }

        if (sageMaker.PerSecondByMemoryMb is not { Count: > 0 } perSecond)
        {
            Fail("sagemaker_serverless.per_second_by_memory_mb", "an object mapping memory MB to a quote", null);
            return;
        }

        foreach (var (memory, quote) in perSecond)
        {
            if (!int.TryParse(memory, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mb) || mb <= 0)
            {
                Fail("sagemaker_serverless.per_second_by_memory_mb", "keys that are memory sizes in MB", $"'{memory}'");
            }

            Quote(quote, $"sagemaker_serverless.per_second_by_memory_mb.{memory}");
        }

        Quote(sageMaker.DataInPerGb, "sagemaker_serverless.data_in_per_gb", 0);
        Quote(sageMaker.DataOutPerGb, "sagemaker_serverless.data_out_per_gb", 0);
        Quote(sageMaker.BillingGranularityMs, "sagemaker_serverless.billing_granularity_ms", 0);
        Quote(sageMaker.MaxConcurrency, "sagemaker_serverless.max_concurrency", 1);
        Quote(sageMaker.MbPerVcpu, "sagemaker_serverless.mb_per_vcpu", 1);

        if (book.CloudRun is not { } cloudRun)
        {
            Fail("cloud_run", "an object", null);
            return;
        }

        foreach (var (rates, name) in new[] { (cloudRun.RequestBilled, "request_billed"), (cloudRun.InstanceBilled, "instance_billed") })
        {
            if (rates is null)
            {
                Fail($"cloud_run.{name}", "an object {vcpu_second, gib_second}", null);
                return;
            }

            Quote(rates.VcpuSecond, $"cloud_run.{name}.vcpu_second");
            Quote(rates.GibSecond, $"cloud_run.{name}.gib_second");
        }

        Quote(cloudRun.RequestBilled.PerMillionRequests, "cloud_run.request_billed.per_million_requests", 0);
        Quote(cloudRun.BillingGranularityMs, "cloud_run.billing_granularity_ms", 0);
        Quote(cloudRun.MaxConcurrency, "cloud_run.max_concurrency", 1);
        if (cloudRun.CpuMemory?.Combinations is not { Count: > 0 } combinations)
        {
            Fail("cloud_run.cpu_memory.combinations", "a list of {vcpu, min_gib, max_gib}", null);
            return;
        }

        foreach (var combination in combinations)
        {
            if (combination.Vcpu < 1 || combination.MinGib <= 0 || combination.MaxGib < combination.MinGib)
            {
                Fail("cloud_run.cpu_memory.combinations", "entries with vcpu >= 1 and 0 < min_gib <= max_gib", combination);
            }
        }
    }
}

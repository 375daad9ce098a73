using System.CommandLine;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Simulation;
using Toolkit.Bench.Scaling.Verification;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>advise --model NAME --p95-ms X [--rate R] [--burst B] [--duration-s D] [--profile PATH] [--prices PATH] [--json PATH]
/// [--verify [--build aot|jit]]</c>: the cheapest configuration per platform whose predicted p95 meets the target, and
/// with <c>--verify</c> each recommendation replayed on this machine.
/// </summary>
public static class AdviseCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"The model ({string.Join(", ", ModelZoo.Names)}).", Required = true };
        var p95 = new Option<double>("--p95-ms") { Description = "The p95 latency target (ms), cold starts included.", Required = true };
        var rate = new Option<double?>("--rate") { Description = "Poisson arrivals per second (with --duration-s)." };
        var burst = new Option<int?>("--burst") { Description = "Requests arriving at once at t = 0." };
        var duration = new Option<double>("--duration-s") { Description = "How long the --rate arrivals last (s).", DefaultValueFactory = _ => 60 };
        var profile = new Option<string?>("--profile") { Description = "A service profile JSON (samples_1_core_ms, samples_2_cores_ms, cold_start_ms), e.g. from 'scaling containers'; measured in-process when absent." };
        var prices = new Option<string?>("--prices") { Description = $"A prices file (default: {PriceBook.DefaultPath})." };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated arrivals and service times.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Write the advice to this results file (section 'advise'; with --verify also 'advise_verify')." };
        var verify = new Option<bool>("--verify") { Description = "Replay each recommendation on this machine (bootstrap instances under its CPU limits, the same arrivals) and report measured p95 beside predicted." };
        var replays = new Option<int>("--replays") { Description = "With --verify: replays of the arrivals per recommendation, pooled.", DefaultValueFactory = _ => AdviceVerifier.DefaultReplays };
        var build = new Option<string?>("--build") { Description = "With --verify: aot or jit bootstrap; default aot when published, else jit." };
        var command = new Command("advise", "Recommend the cheapest Lambda, SageMaker Serverless and Cloud Run configuration that meets a p95 target.")
        {
            model, p95, rate, burst, duration, profile, prices, seed, json, verify, replays, build,
        };
        command.SetAction((parse, cancel) => RunAsync(
            new AdviseOptions(parse.GetValue(model)!, parse.GetValue(p95), parse.GetValue(rate), parse.GetValue(burst), parse.GetValue(duration),
                parse.GetValue(profile), parse.GetValue(prices), parse.GetValue(seed), parse.GetValue(json), parse.GetValue(verify), parse.GetValue(build)) { Replays = parse.GetValue(replays) },
            cancel));
        return command;
    }

    /// <summary>The advice without <c>--verify</c> (what the default run and the tests call).</summary>
    public static int Run(string model, double p95Ms, double? rate, int? burst, double durationSeconds, string? profilePath, string? pricesPath, int seed, string? jsonPath) =>
        RunAsync(new AdviseOptions(model, p95Ms, rate, burst, durationSeconds, profilePath, pricesPath, seed, jsonPath, Verify: false, Build: null), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(AdviseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (model, p95Ms, rate, burst, durationSeconds, profilePath, pricesPath, seed, jsonPath, verify, buildName) = options;
        if (options.Replays < 1)
        {
            Console.Error.WriteLine($"advise: --replays must be at least 1, got {options.Replays}.");
            return 2;
        }

        if (p95Ms <= 0)
        {
            Console.Error.WriteLine($"advise: --p95-ms must be a positive number of ms, got {p95Ms}.");
            return 2;
        }

        var givesWorkload = rate is not null || burst is not null;
        var hasRequests = burst > 0 || (rate > 0 && durationSeconds > 0);
        if (burst < 0 || rate < 0 || (givesWorkload && !hasRequests))
        {
            Console.Error.WriteLine($"advise: the workload must have requests: --burst B > 0 and/or --rate R > 0 with --duration-s > 0, got burst {burst}, rate {rate}, duration {durationSeconds} s.");
            return 2;
        }

        if (BootstrapBuild.Choose(buildName, "advise") is not { } build)
        {
            return 1;
        }

        using var weight = verify ? HarnessWeight.Raise() : null;
        PriceBook book;
        ServiceProfile profile;
        try
        {
            book = PriceBook.Load(pricesPath);
            // --verify replays over HTTP, so its predictions must come from round trips too, not bare inferences.
            profile = profilePath is not null ? ServiceProfile.Load(profilePath)
                : verify ? await MeasureRoundTripsAsync(build, model, cancellationToken).ConfigureAwait(false)
                : MeasureQuickly(model);
        }
        catch (Exception e) when (e is PriceBookException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"advise: {e.Message}");
            return 2;
        }

        if (profilePath is not null && profile.Model != model)
        {
            Console.Error.WriteLine($"advise: the profile '{profilePath}' is for model '{profile.Model}', not '{model}'.");
            return 2;
        }

        var workload = rate is null && burst is null
            ? AdviceRequest.DefaultWorkload
            : new ArrivalPattern(burst ?? 0, rate ?? 0, rate is null ? 0 : durationSeconds);
        var request = new AdviceRequest(model, p95Ms, workload, seed);
        IReadOnlyList<PlatformAdvice> advice;
        QuotaServiceTimes? quota = null;
        var basis = ConfigurationAdvisor.Basis(profile, book);
        if (verify)
        {
            // The replay runs Lambda and SageMaker under their memory's CFS quota, so their predictions must be sampled under it too.
            (advice, quota) = await QuotaSampledAdvice.AdviseAsync(build, "kernels", request, profile, book, cancellationToken).ConfigureAwait(false);
            basis += $" Lambda and SageMaker Serverless sizes at a sampled quota are predicted from round trips under it ({quota.Describe()}).";
        }
        else
        {
            advice = ConfigurationAdvisor.Advise(request, profile, book);
        }

        AdviceReport.Print(request, advice, basis);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "advise", [.. advice.Select(a => AdviseRow.From(request, a, basis))]);
        }

        if (!verify)
        {
            return 0;
        }

        var rows = await new AdviceVerifier(build, "kernels", book, options.Replays).VerifyAsync(request, profile, advice, cancellationToken, quota).ConfigureAwait(false);
        if (jsonPath is not null)
        {
            ResultsFile.Write(jsonPath, "advise_verify", rows);
        }

        return 0;
    }

    // Round trips per core count for a --verify profile: enough for a stable p95 of a few dozen ms at a second or two.
    private const int VerifyProfileSamples = 40;

    /// <summary>The profile <c>scaling containers</c> would write, from real bootstrap processes (round trips).</summary>
    private static async Task<ServiceProfile> MeasureRoundTripsAsync(BootstrapBuild build, string model, CancellationToken cancellationToken)
    {
        if (!ModelZoo.Names.Contains(model))
        {
            throw new ArgumentException($"--model must be one of {string.Join(", ", ModelZoo.Names)}, got '{model}'.", nameof(model));
        }

        Console.WriteLine($"advise --verify: no --profile; measuring {model} round trips on {build.Name} bootstrap processes at 1 and 2 cores ...");
        using var probe = await ProfileProbe.StartAsync(build, "kernels", model, cancellationToken).ConfigureAwait(false);
        var coldStartMs = await probe.ColdStartMsAsync(1, cancellationToken).ConfigureAwait(false);
        await probe.SampleAsync(VerifyProfileSamples, cancellationToken).ConfigureAwait(false);
        return probe.Profile(coldStartMs);
    }

    private static ServiceProfile MeasureQuickly(string model)
    {
        if (!ModelZoo.Names.Contains(model))
        {
            throw new ArgumentException($"--model must be one of {string.Join(", ", ModelZoo.Names)}, got '{model}'.", nameof(model));
        }

        Console.WriteLine($"advise: no --profile; measuring {model} in-process (kernels engine, 1 and 2 threads) ...");
        return QuickProfile.Measure(model);
    }
}

/// <summary>The <c>advise</c> command line, parsed.</summary>
public sealed record AdviseOptions(
    string Model,
    double P95Ms,
    double? Rate,
    int? Burst,
    double DurationSeconds,
    string? ProfilePath,
    string? PricesPath,
    int Seed,
    string? JsonPath,
    bool Verify,
    string? Build)
{
    /// <summary>With <see cref="Verify"/>: replays per recommendation.</summary>
    public int Replays { get; init; } = AdviceVerifier.DefaultReplays;
}

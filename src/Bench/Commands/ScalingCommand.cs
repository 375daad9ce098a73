using System.CommandLine;
using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Reporting;
using Toolkit.Bench.Scaling.Measurement;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Commands;

/// <summary>
/// <c>scaling faas|containers [--models ...] [--json PATH]</c>: the paper's Figures 4 and 5 measured on this machine —
/// the bootstrap under Lambda-sized CPU quotas, and serverless-container configurations run for real where they fit and
/// simulated beyond — with each platform's cost.
/// </summary>
public static class ScalingCommand
{
    /// <summary>Where figures (and the service profile) go when no <c>--json</c> names a folder.</summary>
    public static string DefaultOutputDirectory { get; } = Path.Combine(Environment.CurrentDirectory, "artifacts", "scaling");

    public static Command Create() => new("scaling", "Latency and cost as FaaS memory (Figure 4) or container instances × concurrency × cores (Figure 5) change.")
    {
        FaasCommand(),
        ContainersCommand(),
    };

    private static Command FaasCommand()
    {
        var (models, engine, build, json, prices) = CommonOptions();
        var memory = new Option<int[]>("--memory") { Description = "Lambda memory sizes in MB.", DefaultValueFactory = _ => [.. LambdaCpuShare.MemorySizesMb], AllowMultipleArgumentsPerToken = true };
        var requests = new Option<int>("--requests") { Description = "Warm requests per memory size, at least.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<double>("--seconds") { Description = "Keep sending warm requests for this long (up to 10× --requests).", DefaultValueFactory = _ => 2.0 };
        var warmup = new Option<double>("--warmup-seconds") { Description = "Cut each instance's warm-up (100 requests under the JIT) short after this long (at least 5 requests).", DefaultValueFactory = _ => FaasPlan.DefaultWarmupSeconds };
        var command = new Command("faas", "The bootstrap under the CPU quota each Lambda memory size buys: inference and end-to-end latency, cold start, cost.") { models, engine, build, json, prices, memory, requests, seconds, warmup };
        command.SetAction((parse, cancel) => RunFaasAsync(
            new FaasPlan(parse.GetValue(models)!, parse.GetValue(memory)!, parse.GetValue(requests), parse.GetValue(seconds), parse.GetValue(warmup)),
            parse.GetValue(engine)!, parse.GetValue(build), parse.GetValue(prices), parse.GetValue(json), cancel));
        return command;
    }

    private static Command ContainersCommand()
    {
        var (models, engine, build, json, prices) = CommonOptions();
        var real = new Option<string[]>("--configs") { Description = "Configurations to run for real (instances_concurrency_cores; instances × cores must fit this machine).", DefaultValueFactory = _ => [.. ContainerConfig.RealOnTwoCores.Select(c => c.Name)], AllowMultipleArgumentsPerToken = true };
        var simulate = new Option<string[]>("--simulate") { Description = "Further configurations to simulate only (default: the paper's and a few a user would try).", DefaultValueFactory = _ => [.. ContainerPlan.Paper.Concat(ContainerPlan.UserTries).Select(c => c.Name)], AllowMultipleArgumentsPerToken = true };
        var burst = new Option<int>("--burst") { Description = "Requests per burst (scaled down when one core would need over 6 s).", DefaultValueFactory = _ => ContainerPlan.PaperBurst };
        var bursts = new Option<int>("--bursts") { Description = "Timed bursts per real configuration.", DefaultValueFactory = _ => 5 };
        var samples = new Option<int>("--samples") { Description = "Service-time samples per core count for the profile.", DefaultValueFactory = _ => 40 };
        var seeds = new Option<int>("--seeds") { Description = "Simulated bursts (seeds) per configuration.", DefaultValueFactory = _ => 20 };
        var profile = new Option<string?>("--profile") { Description = "Write the measured service profile here (advise --profile reads it); default profile-<model>.json beside the results." };
        var command = new Command("containers", "Serverless-container configurations (instances × concurrency × cores): real runs where they fit, simulation beyond, prediction error, Cloud Run cost.") { models, engine, build, json, prices, real, simulate, burst, bursts, samples, seeds, profile };
        command.SetAction((parse, cancel) => RunContainersAsync(
            parse.GetValue(models)!,
            parse.GetValue(engine)!,
            parse.GetValue(build),
            new ContainerPlan(
                [.. parse.GetValue(real)!.Select(ContainerConfig.Parse)],
                [.. parse.GetValue(simulate)!.Select(ContainerConfig.Parse)],
                parse.GetValue(burst),
                parse.GetValue(bursts),
                parse.GetValue(samples),
                ColdStarts: 3,
                parse.GetValue(seeds)),
            parse.GetValue(profile),
            parse.GetValue(prices),
            parse.GetValue(json),
            cancel));
        return command;
    }

    /// <returns>0 (a model whose CPU quota cannot be enforced here is recorded as skipped); 1 without a bootstrap build.</returns>
    public static Task<int> RunFaasAsync(FaasPlan plan, string engine, string? buildName, string? pricesPath, string? jsonPath, CancellationToken cancellationToken) =>
        RunFaasAsync([plan], engine, buildName, pricesPath, jsonPath, cancellationToken);

    /// <summary>
    /// The default run's Figure 4 (<see cref="FaasPlan.Quick"/>): each model's sweep in turn. A sweep this machine
    /// cannot limit (no writable cgroup and no signals) is recorded as skipped, with the reason and how to enable it,
    /// and does not fail the run.
    /// </summary>
    public static int RunFaasQuick(string jsonPath) =>
        RunFaasAsync(FaasPlan.Quick, "kernels", null, null, jsonPath, CancellationToken.None).GetAwaiter().GetResult();

    private static async Task<int> RunFaasAsync(IReadOnlyList<FaasPlan> plans, string engine, string? buildName, string? pricesPath, string? jsonPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        if (Build(buildName) is not { } build)
        {
            return 1;
        }

        var prices = PriceBook.Load(pricesPath);
        var share = new LambdaCpuShare(prices.Lambda);
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        using var weight = HarnessWeight.Raise();
        var sweeps = plans.SelectMany(plan => plan.Models.Select(model => new ModelSweep(model, cancel =>
        {
            var one = plan with { Models = [model] };
            Console.WriteLine($"scaling faas: {model}, {build.Name} bootstrap (Cloud Run host, {engine} engine), {one.MemorySizesMb.Count} memory sizes");
            var experiment = new FaasExperiment(build, engine, share, one,
                point => LambdaCost.Bill(prices.Lambda, point.MemoryMb, point.HandlerMs.SamplesMs).PerMillionRequestsUsd);
            return experiment.RunAsync(OutputDirectory(jsonPath), cancel);
        }))).ToList();
        return await ScalingSweep.RunAsync(FaasPlan.Step, ScalingRow.Faas, sweeps, jsonPath, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>0 (a model whose CPU limits cannot be enforced here is recorded as skipped); 1 without a bootstrap build.</returns>
    public static async Task<int> RunContainersAsync(IReadOnlyList<string> models, string engine, string? buildName, ContainerPlan plan, string? profilePath, string? pricesPath, string? jsonPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (Build(buildName) is not { } build)
        {
            return 1;
        }

        var prices = PriceBook.Load(pricesPath);
        Console.WriteLine($"scaling containers: {string.Join(", ", models)}, {build.Name} bootstrap (Cloud Run host, {engine} engine); real: {string.Join(" ", plan.Real)}; simulated too: {string.Join(" ", plan.SimulatedOnly)}");
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        using var weight = HarnessWeight.Raise();
        var experiment = new ContainerExperiment(build, engine, prices, plan);
        var directory = OutputDirectory(jsonPath);
        var sweeps = models.Select(model => new ModelSweep(model, cancel =>
        {
            var profile = profilePath is null ? Path.Combine(directory, $"profile-{model}.json")
                : models.Count == 1 ? profilePath
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(profilePath)) ?? ".", $"{Path.GetFileNameWithoutExtension(profilePath)}-{model}.json");
            return experiment.RunAsync(model, profile, directory, cancel);
        })).ToList();
        return await ScalingSweep.RunAsync(ContainerPlan.Step, ScalingRow.Containers, sweeps, jsonPath, cancellationToken).ConfigureAwait(false);
    }

    private static (Option<string[]> Models, Option<string> Engine, Option<string?> Build, Option<string?> Json, Option<string?> Prices) CommonOptions() =>
    (
        new Option<string[]>("--models") { Description = $"Models ({string.Join(", ", ModelZoo.Names)}).", DefaultValueFactory = _ => ["mobilenet_v1"], AllowMultipleArgumentsPerToken = true },
        new Option<string>("--engine") { Description = "kernels or onnxruntime (TOOLKIT_ENGINE).", DefaultValueFactory = _ => "kernels" },
        new Option<string?>("--build") { Description = "aot or jit; default aot when published and current (the default run or coldstart --publish makes it so), else jit." },
        new Option<string?>("--json") { Description = "Write the rows to this results file (figures go beside it)." },
        new Option<string?>("--prices") { Description = "A prices file (default: Scaling/Pricing/prices.json beside the program)." }
    );

    private static BootstrapBuild? Build(string? name) => BootstrapBuild.Choose(name, "scaling");

    private static string OutputDirectory(string? jsonPath) =>
        jsonPath is null ? DefaultOutputDirectory : Path.GetDirectoryName(Path.GetFullPath(jsonPath)) ?? DefaultOutputDirectory;
}

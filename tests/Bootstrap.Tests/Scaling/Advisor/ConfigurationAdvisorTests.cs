using System.Text.Json.Nodes;
using Toolkit.Bench.Commands;
using Toolkit.Bench.Scaling.Advisor;
using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bootstrap.Tests.Scaling.Advisor;

public sealed class ConfigurationAdvisorTests : IDisposable
{
    // A small CNN's shape: 20 ms at 1 core, 12 at 2 (Amdahl p = 0.8), a 150 ms cold start, MobileNet-sized payloads.
    private static readonly ServiceProfile Profile = new("synthetic", [18, 20, 22, 25], [11, 12, 13, 15], 150, "test profile", 602112, 4004);

    private static readonly AdviceRequest Request = new("synthetic", 100, new ArrivalPattern(10, 20, 20));

    private readonly string folder = Directory.CreateTempSubdirectory("advise-").FullName;

    [Fact]
    public void Every_platform_gets_the_cheapest_configuration_that_meets_the_target()
    {
        var advice = ConfigurationAdvisor.Advise(Request, Profile, PriceBook.Load());

        Assert.Equal([ConfigurationAdvisor.Lambda, ConfigurationAdvisor.SageMakerServerless, ConfigurationAdvisor.CloudRun], advice.Select(a => a.Platform));
        foreach (var platform in advice)
        {
            var winner = Assert.IsType<CandidateOutcome>(platform.Recommendation);
            Assert.True(winner.Meets(Request.TargetP95Ms), $"{platform.Platform} {winner.Config}: p95 {winner.PredictedP95Ms}");
            Assert.True(winner.CostPerMillionUsd > 0);
            Assert.NotEmpty(platform.RunnersUp);
            foreach (var runnerUp in platform.RunnersUp)
            {
                var lost = runnerUp.Candidate;
                Assert.True(!lost.Meets(Request.TargetP95Ms) || lost.CostPerMillionUsd >= winner.CostPerMillionUsd * 0.995,
                    $"{platform.Platform} {lost.Config} meets the target at ${lost.CostPerMillionUsd} but lost to ${winner.CostPerMillionUsd}: {runnerUp.LostBecause}");
                Assert.Matches("too slow|rejects|costlier|ties on cost", runnerUp.LostBecause);
            }
        }
    }

    [Fact]
    public void Below_one_vcpu_lambda_prefers_the_faster_size_at_the_same_gb_seconds()
    {
        var lambda = ConfigurationAdvisor.Advise(Request, Profile, PriceBook.Load())[0];

        // Service time scales as 1/memory below 1769 MB, so GB-seconds are flat there; the tie goes to the lower p95,
        // and above 1769 MB more memory costs more without a proportional gain.
        Assert.InRange(lambda.Recommendation!.Settings.MemoryMb!.Value, 1536, 2048);
    }

    [Fact]
    public void An_unreachable_target_gives_no_recommendation_and_says_why()
    {
        var advice = ConfigurationAdvisor.Advise(Request with { TargetP95Ms = 1 }, Profile, PriceBook.Load());

        Assert.All(advice, platform =>
        {
            Assert.Null(platform.Recommendation);
            Assert.All(platform.RunnersUp, r => Assert.StartsWith("too slow", r.LostBecause, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void The_command_writes_a_recommendation_per_platform_to_the_results_file()
    {
        var profilePath = Path.Combine(folder, "profile.json");
        var jsonPath = Path.Combine(folder, "results.json");
        Profile.Save(profilePath);

        // 400 requests: few enough cold starts (one per instance started) to stay under the 5% the p95 ignores.
        var exit = AdviseCommand.Run("synthetic", 100, rate: 20, burst: null, durationSeconds: 20, profilePath, pricesPath: null, seed: 1, jsonPath);

        Assert.Equal(0, exit);
        var rows = JsonNode.Parse(File.ReadAllText(jsonPath))!["advise"]!.AsArray();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            var recommendation = row!["recommendation"]!;
            Assert.False(string.IsNullOrEmpty(recommendation["config"]!.GetValue<string>()));
            Assert.InRange(recommendation["predicted_p95_ms"]!.GetValue<double>(), 0, 100);
            Assert.True(recommendation["cost_per_million_usd"]!.GetValue<double>() > 0);
            Assert.Contains("this machine's measurements", row["basis"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_command_refuses_a_profile_of_another_model()
    {
        var profilePath = Path.Combine(folder, "profile.json");
        Profile.Save(profilePath);

        Assert.Equal(2, AdviseCommand.Run("mobilenet_v1", 100, null, 4, 60, profilePath, null, 1, null));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, 0.0)]
    [InlineData(-3, 5.0)]
    public void The_command_refuses_a_workload_without_requests(int? burst, double? rate)
    {
        Assert.Equal(2, AdviseCommand.Run("synthetic", 100, rate, burst, 60, null, null, 1, null));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bootstrap.Tests.Scaling.Simulation;

public sealed class ServiceProfileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("profile-").FullName;

    [Fact]
    public void Amdahl_is_fitted_to_the_1_to_2_core_speedup_of_the_medians()
    {
        var profile = new ServiceProfile("synthetic", [90, 100, 110], [50, 60, 70], 10);

        // S = 100 / 60 = 1.667, p = 2 (1 - 0.6) = 0.8.
        Assert.Equal(0.8, profile.Scaling.ParallelFraction, 9);
        Assert.Equal(60, profile.ServiceTimeAt(2).MeanMs, 9);
        Assert.Equal(60 * 0.3 / 0.6, profile.ServiceTimeAt(8).MeanMs, 9);
        Assert.Equal(100 * (0.2 + (0.8 / 1.5)), profile.ServiceTimeAt(1.5).MeanMs, 9);
        Assert.Equal(100 / 0.25, profile.ServiceTimeAt(0.25).MeanMs, 9);
    }

    [Fact]
    public void Two_cores_slower_than_one_means_no_parallel_gain()
    {
        var profile = new ServiceProfile("synthetic", [50], [55], 10);

        Assert.Equal(0, profile.Scaling.ParallelFraction);
        Assert.Equal(55, profile.ServiceTimeAt(6).MeanMs, 9);
    }

    [Fact]
    public void A_profile_round_trips_through_its_file()
    {
        var path = Path.Combine(folder, "profile.json");
        var profile = new ServiceProfile("mobilenet_v1", [10.5, 11], [6, 6.5], 42, "test", 602112, 4004, 1024, [20, 21.5]);

        profile.Save(path);
        var loaded = ServiceProfile.Load(path);

        Assert.Equal(profile.Samples1CoreMs, loaded.Samples1CoreMs);
        Assert.Equal(profile.Samples1CoreSharedMs, loaded.Samples1CoreSharedMs);
        Assert.Equal(profile with { Samples1CoreMs = loaded.Samples1CoreMs, Samples2CoresMs = loaded.Samples2CoresMs, Samples1CoreSharedMs = loaded.Samples1CoreSharedMs }, loaded);
        Assert.Contains("\"samples_2_cores_ms\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"m","samples_1_core_ms":[],"samples_2_cores_ms":[1],"cold_start_ms":1}""", "samples_1_core_ms")]
    [InlineData("""{"model":"m","samples_1_core_ms":[1],"cold_start_ms":1}""", "samples_2_cores_ms")]
    [InlineData("""{"model":"m","samples_1_core_ms":[1],"samples_2_cores_ms":[1],"cold_start_ms":-5}""", "cold_start_ms")]
    [InlineData("""{"samples_1_core_ms":[1],"samples_2_cores_ms":[1],"cold_start_ms":1}""", "model")]
    public void A_bad_profile_names_the_field(string json, string field)
    {
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<InvalidDataException>(() => ServiceProfile.Load(path));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

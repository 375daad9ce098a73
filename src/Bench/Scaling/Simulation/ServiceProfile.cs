using System.Text.Json;
using System.Text.Json.Serialization;

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>
/// What the simulator needs to know about one model on this machine:
/// <list type="bullet">
/// <item>service-time samples (ms) at 1 and 2 cores: the time one request holds an instance. From <c>scaling
/// containers</c> they are client round trips to a real bootstrap process (HTTP transfer, decode, inference, encode),
/// because that is what adds up in the dispatcher's queue: it sends an instance its next request only when the previous
/// answer is back. From <c>advise</c> without a profile (<c>QuickProfile</c>) they are bare in-process inferences, a
/// lower bound that leaves out the wire (its <see cref="Source"/> says so);</item>
/// <item>optionally, 1-core round trips taken while another 1-core instance runs on the neighbouring core
/// (<see cref="Samples1CoreSharedMs"/>), as several 1-core instances of a real configuration run: what a busy
/// neighbour costs a 1-core instance on this machine, for the reader (the simulation draws from the 1- and 2-core
/// samples);</item>
/// <item>the cold start (spawn until the instance can start its first inference: runtime init plus model load, ms), the
/// request and response sizes (for per-GB data fees) and the smallest memory the model runs in.</item>
/// </list>
/// Read with <see cref="Load"/>.
/// </summary>
public sealed record ServiceProfile(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("samples_1_core_ms")] double[] Samples1CoreMs,
    [property: JsonPropertyName("samples_2_cores_ms")] double[] Samples2CoresMs,
    [property: JsonPropertyName("cold_start_ms")] double ColdStartMs,
    [property: JsonPropertyName("source")] string Source = "",
    [property: JsonPropertyName("request_bytes")] long RequestBytes = 0,
    [property: JsonPropertyName("response_bytes")] long ResponseBytes = 0,
    [property: JsonPropertyName("memory_floor_mb")] int MemoryFloorMb = ServiceProfile.DefaultMemoryFloorMb,
    [property: JsonPropertyName("samples_1_core_shared_ms")] double[]? Samples1CoreSharedMs = null)
{
    /// <summary>
    /// The memory assumed when a profile does not say: the smallest Cloud Run size and a Lambda size that holds the
    /// AOT bootstrap with a small CNN mapped (the bootstrap's resident set is tens of MB; this leaves headroom).
    /// </summary>
    public const int DefaultMemoryFloorMb = 512;

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    /// <summary>The 1→2 core speed-up of the medians and the Amdahl fit the simulator extrapolates with.</summary>
    [JsonIgnore]
    public AmdahlScaling Scaling => AmdahlScaling.Fit(Samples1CoreMs, Samples2CoresMs);

    /// <summary>The service-time distribution of an instance with <paramref name="cores"/> (fractional allowed) — see <see cref="AmdahlScaling"/>.</summary>
    public IServiceTimeDistribution ServiceTimeAt(double cores) => Scaling.ServiceTimeAt(Samples1CoreMs, Samples2CoresMs, cores);

    /// <exception cref="InvalidDataException">The file is missing, not JSON of this shape, or has empty samples or a negative cold start; the message names the field.</exception>
    public static ServiceProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Profile '{path}': expected an existing JSON file, found none.");
        }

        ServiceProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<ServiceProfile>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Profile '{path}': expected JSON {{model, samples_1_core_ms, samples_2_cores_ms, cold_start_ms}}; {e.Message}", e);
        }

        return (profile ?? throw new InvalidDataException($"Profile '{path}': expected a JSON object, found null.")).Validated(path);
    }

    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, WriteOptions));
    }

    /// <summary>Returns this profile after checking every field (<paramref name="origin"/> names it in messages).</summary>
    /// <exception cref="InvalidDataException">A field is absent or out of range.</exception>
    public ServiceProfile Validated(string origin = "profile")
    {
        void Samples(double[]? samples, string field)
        {
            if (samples is not { Length: > 0 } || samples.Any(s => !double.IsFinite(s) || s <= 0))
            {
                throw new InvalidDataException($"Profile '{origin}': field '{field}' must be a non-empty array of positive ms, found {(samples is null ? "nothing" : $"{samples.Length} values")}.");
            }
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new InvalidDataException($"Profile '{origin}': field 'model' must name the model, found nothing.");
        }

        Samples(Samples1CoreMs, "samples_1_core_ms");
        Samples(Samples2CoresMs, "samples_2_cores_ms");
        if (Samples1CoreSharedMs is not null)
        {
            Samples(Samples1CoreSharedMs, "samples_1_core_shared_ms");
        }
        if (!double.IsFinite(ColdStartMs) || ColdStartMs < 0)
        {
            throw new InvalidDataException($"Profile '{origin}': field 'cold_start_ms' must be a non-negative number, found {ColdStartMs}.");
        }

        if (RequestBytes < 0 || ResponseBytes < 0 || MemoryFloorMb <= 0)
        {
            throw new InvalidDataException($"Profile '{origin}': fields 'request_bytes', 'response_bytes' must be >= 0 and 'memory_floor_mb' > 0, found {RequestBytes}, {ResponseBytes}, {MemoryFloorMb}.");
        }

        return this;
    }
}

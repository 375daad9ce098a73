using Toolkit.Bench.ColdStart;
using Toolkit.Bench.Protocols;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;

namespace Toolkit.Bootstrap.Tests.Protocols;

/// <summary>The protocols harness against a real bootstrap process (the JIT build beside the tests).</summary>
public sealed class ProtocolHarnessTests(ProtocolServerFixture fixture) : IClassFixture<ProtocolServerFixture>
{
    /// <summary>
    /// What end to end may exceed the sum of the phases by: the client's own bookkeeping between its clock reads
    /// (reading Server-Timing, building the sample), microseconds on an idle machine; 2 ms leaves room for a
    /// descheduled thread on a loaded 2-core machine.
    /// </summary>
    private const double BookkeepingToleranceMs = 2;

    /// <summary>The server rounds each step to 0.001 ms, so its three steps may exceed the round trip by this much.</summary>
    private const double ServerRoundingMs = 0.0015;

    private static readonly ProtocolPlan Few = new(Warmup: 1, RequestsPerClient: 3, WarmAtConcurrency: false);

    [Theory]
    [InlineData("kserve_binary")]
    [InlineData("tfserving_json")]
    [InlineData("kserve_grpc")]
    [InlineData("tfserving_grpc")]
    public async Task Each_request_splits_into_phases_that_add_up_to_its_end_to_end_time(string formatName)
    {
        var format = ProtocolFormat.Get(formatName);

        var samples = await ProtocolExperiment.MeasureAsync(fixture.Client, format, fixture.Request, concurrency: 1, Few, CancellationToken.None);

        Assert.Equal(3, samples.Count);
        Assert.All(samples, s =>
        {
            Assert.Null(s.Error);
            Assert.InRange(s.EndToEndMs - s.PhasesMs, 0, BookkeepingToleranceMs);
            Assert.True(s.TransferMs >= -ServerRoundingMs, $"transfer {s.TransferMs} ms: the server's steps must fit inside the client's round trip");
            Assert.All([s.ClientEncodeMs, s.ServerDecodeMs, s.InferenceMs, s.ServerEncodeMs, s.ClientDecodeMs], phase => Assert.True(phase >= 0));
            Assert.True(s.RequestBytes > 224 * 224 * 3 * 4 && s.ResponseBytes > 1001 * 4);
        });
    }

    [Fact]
    public async Task Formats_taking_turns_each_get_their_own_number_of_requests()
    {
        List<(ProtocolFormat, ProtocolPlan)> planned = [(ProtocolFormat.Get("kserve_binary"), new(0, 3, false)), (ProtocolFormat.Get("kserve_grpc"), new(0, 1, false))];

        var results = await ProtocolExperiment.MeasureInterleavedAsync(fixture.Client, planned, fixture.Request, CancellationToken.None);

        Assert.Equal(["kserve_binary", "kserve_grpc"], results.Select(r => r.Format.Name));
        Assert.Equal([3, 1], results.Select(r => r.Samples.Count));
        Assert.All(results.SelectMany(r => r.Samples), s => Assert.Null(s.Error));
    }

    [Fact]
    public async Task Forty_concurrent_clients_each_get_an_answer()
    {
        var samples = await ProtocolExperiment.MeasureAsync(fixture.Client, ProtocolFormat.Get("kserve_grpc"), fixture.Request, concurrency: 40, new ProtocolPlan(0, 1, false), CancellationToken.None);

        Assert.Equal(40, samples.Count);
        Assert.All(samples, s => Assert.Null(s.Error));
    }

    [Fact]
    public async Task Rows_of_a_server_that_computes_nothing_are_labelled_transport_only()
    {
        var format = ProtocolFormat.Get("kserve_binary");
        var samples = await ProtocolExperiment.MeasureAsync(fixture.Client, format, fixture.Request, concurrency: 1, Few, CancellationToken.None);

        var row = ProtocolRow.From(fixture.Server, "jit", format, 1, samples);

        Assert.True(row.TransportOnly);
        Assert.Equal(("mobilenet_v1", "transport-only", "rest", 0), (row.Model, row.Engine, row.Transport, row.Errors));
        Assert.NotNull(row.EndToEndMs);
        var json = System.Text.Json.JsonSerializer.Serialize(row);
        Assert.Contains("\"transport_only\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"end_to_end_ms\":{\"median\":", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kserve_json")]
    [InlineData("tfserving_grpc")]
    public async Task A_refused_request_is_counted_as_failed_not_thrown(string formatName)
    {
        var format = ProtocolFormat.Get(formatName);
        var wrongShape = new InferenceMessage("mobilenet_v1", [new NamedTensor("input", Tensor.Zeros(DataType.Float32, 1, 8, 8, 3))]);

        var samples = await ProtocolExperiment.MeasureAsync(fixture.Client, format, wrongShape, concurrency: 2, Few, CancellationToken.None);
        var row = ProtocolRow.From(fixture.Server, "jit", format, 2, samples);

        Assert.Equal((6, 6), (row.Requests, row.Errors));
        Assert.Null(row.EndToEndMs);
        Assert.Contains("input", row.FirstError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_gone_gives_failed_samples()
    {
        using var client = new ProtocolClient(new Uri($"http://127.0.0.1:{Bench.Lambda.LoopbackPort.Free()}"), "mobilenet_v1", fixture.Server.Outputs);

        var rest = await client.SendAsync(ProtocolFormat.Get("kserve_binary"), fixture.Request, CancellationToken.None);
        var grpc = await client.SendAsync(ProtocolFormat.Get("kserve_grpc"), fixture.Request, CancellationToken.None);

        Assert.NotNull(rest.Error);
        Assert.NotNull(grpc.Error);
    }
}

/// <summary>One transport-only MobileNetV1 bootstrap process, shared by a class's tests.</summary>
public sealed class ProtocolServerFixture : IAsyncLifetime
{
    public ProtocolServer Server { get; private set; } = null!;

    public ProtocolClient Client { get; private set; } = null!;

    public InferenceMessage Request { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ProtocolServer.StartAsync(BootstrapBuild.Jit, "mobilenet_v1", "transport-only", CancellationToken.None);
        Client = new ProtocolClient(Server.Address, Server.ModelName, Server.Outputs);
        Request = ProtocolRequest.For(Server.ModelName, Server.Inputs);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Server.Dispose();
        return Task.CompletedTask;
    }
}

using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Toolkit.Bootstrap.Tests.Hosts.Infrastructure;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Protos.KServe;
using Toolkit.Serialization.Protos.TensorFlowServing;

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>Cloud Run's gRPC services (KServe v2 and TF-Serving Predict) over h2c with Grpc.Net.Client.</summary>
public sealed class CloudRunGrpcTests(CloudRunFixture fixture) : IClassFixture<CloudRunFixture>, IDisposable
{
    private readonly GrpcChannel channel = GrpcChannel.ForAddress(fixture.Harness.Address);

    private GRPCInferenceService.GRPCInferenceServiceClient KServe => new(channel);

    [Fact]
    public async Task Health_and_metadata_calls_describe_the_model()
    {
        Assert.True((await KServe.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await KServe.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.True((await KServe.ModelReadyAsync(new ModelReadyRequest { Name = TinyModel.Name })).Ready);
        var metadata = await KServe.ModelMetadataAsync(new ModelMetadataRequest { Name = TinyModel.Name });
        Assert.Equal(TinyModel.Name, metadata.Name);
        Assert.Equal("x", metadata.Inputs.Single().Name);
        Assert.Equal("FP32", metadata.Inputs.Single().Datatype);
        Assert.Equal([1L, TinyModel.Features], metadata.Inputs.Single().Shape);
        Assert.Equal([1L, TinyModel.Classes], metadata.Outputs.Single().Shape);
    }

    [Fact]
    public async Task Model_infer_answers_what_the_engine_computes()
    {
        var input = TinyModel.Input(seed: 12);
        var response = await KServe.ModelInferAsync(InferRequest(input, TinyModel.Name));
        Assert.Equal(fixture.Model.Expected(input), Floats(response.RawOutputContents.Single()));
    }

    [Fact]
    public async Task Tfserving_predict_answers_what_the_engine_computes()
    {
        var input = TinyModel.Input(seed: 13);
        var request = (PredictRequest)TfServingGrpcFormat.ToProtobuf(new InferenceMessage(TinyModel.Name, [new NamedTensor("x", input)]), MessageKind.Request);
        var response = await new PredictionService.PredictionServiceClient(channel).PredictAsync(request);
        Assert.Equal(fixture.Model.Expected(input), Floats(response.Outputs["y"].TensorContent));
    }

    public static TheoryData<string, StatusCode> BadCalls => new()
    {
        { "wrong shape", StatusCode.InvalidArgument },
        { "wrong dtype", StatusCode.InvalidArgument },
        { "raw contents of the wrong length", StatusCode.InvalidArgument },
        { "unknown model", StatusCode.NotFound },
        { "over the 32 MiB limit", StatusCode.ResourceExhausted },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Bad_calls_get_their_status_code_and_the_next_call_succeeds(string problem, StatusCode expected)
    {
        var request = problem switch
        {
            "wrong shape" => InferRequest(Tensor.Zeros(DataType.Float32, 1, 3), TinyModel.Name),
            "wrong dtype" => InferRequest(Tensor.Zeros(DataType.Int32, 1, TinyModel.Features), TinyModel.Name),
            "unknown model" => InferRequest(TinyModel.Input(1), "resnet"),
            "over the 32 MiB limit" => InferRequest(Tensor.Zeros(DataType.Float32, 1, (32 << 20) / 4), TinyModel.Name),
            _ => InferRequest(TinyModel.Input(1), TinyModel.Name),
        };
        if (problem == "raw contents of the wrong length")
        {
            request.RawInputContents[0] = ByteString.CopyFrom(new byte[3]);
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await KServe.ModelInferAsync(request));
        Assert.True(expected == error.StatusCode, $"{problem}: {error.Status}");

        await Model_infer_answers_what_the_engine_computes();
    }

    public static TheoryData<string, byte[], StatusCode> BadFrames => new()
    {
        { "truncated protobuf", Frame(InferRequest(TinyModel.Input(1), TinyModel.Name).ToByteArray()[..40]), StatusCode.InvalidArgument },
        { "prefix longer than the body", [0, 0, 0, 1, 0, 1, 2, 3], StatusCode.Internal },
        { "no prefix at all", [0, 0], StatusCode.Internal },
        { "compressed flag without grpc-encoding", [1, 0, 0, 0, 0], StatusCode.Unimplemented },
    };

    /// <summary>Frames no gRPC client would send, written by hand over h2c; the answer is trailers-only.</summary>
    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task Malformed_wire_messages_get_a_status_and_the_next_call_succeeds(string problem, byte[] body, StatusCode expected)
    {
        using var client = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using var response = await client.PostAsync(new Uri(fixture.Harness.Address, "/inference.GRPCInferenceService/ModelInfer"), content);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : response.TrailingHeaders.GetValues("grpc-status").Single();
        Assert.True(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture) == status, $"{problem}: grpc-status {status}");

        await Model_infer_answers_what_the_engine_computes();
    }

    public void Dispose() => channel.Dispose();

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    internal static ModelInferRequest InferRequest(Tensor input, string model, string inputName = "x") =>
        (ModelInferRequest)KServeGrpcFormat.ToProtobuf(new InferenceMessage(model, [new NamedTensor(inputName, input)]), MessageKind.Request);

    internal static float[] Floats(ByteString bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.Span).ToArray();
}

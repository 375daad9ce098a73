using Grpc.Core;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Protos.KServe;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>KServe v2 <c>inference.GRPCInferenceService</c> over the shared inference service.</summary>
public sealed class KServeGrpcService(GrpcCall call) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = call.Model.IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = "toolkit-bootstrap", Version = typeof(KServeGrpcService).Assembly.GetName().Version?.ToString() ?? "" });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(() =>
        {
            call.Model.RequireModel(request.Name);
            return Task.FromResult(new ModelReadyResponse { Ready = call.Model.IsReady });
        });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        GrpcCall.RunAsync(async () =>
        {
            call.Model.RequireModel(request.Name);
            var service = await call.Model.GetAsync().ConfigureAwait(false);
            var response = new ModelMetadataResponse { Name = service.ModelName, Platform = ModelMetadataJson.Platform(service) };
            response.Versions.Add(ModelMetadataJson.ModelVersion);
            response.Inputs.AddRange(service.Inputs.Select(Metadata));
            response.Outputs.AddRange(service.Outputs.Select(Metadata));
            return response;
        });

    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context) =>
        call.InferAsync(context, async timing =>
        {
            call.Model.RequireModel(request.ModelName);
            var service = await call.Model.GetAsync().ConfigureAwait(false);
            var message = timing.TimeDecode(() => KServeGrpcFormat.FromRequest(request, new DecodeOptions(service.Inputs, call.Limits.MaxRequestBytes)));
            var result = await timing.TimeInferAsync(() => service.InferAsync(message, context.CancellationToken)).ConfigureAwait(false);
            return timing.TimeEncode(() => (ModelInferResponse)KServeGrpcFormat.ToProtobuf(result, MessageKind.Response));
        });

    private static ModelMetadataResponse.Types.TensorMetadata Metadata(TensorSpec spec)
    {
        var metadata = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.DataType.KServeName() };
        metadata.Shape.AddRange(spec.Shape.Select(d => (long)d));
        return metadata;
    }
}

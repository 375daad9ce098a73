using Grpc.Core;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Protos.TensorFlowServing;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>TF-Serving <c>tensorflow.serving.PredictionService/Predict</c> over the shared inference service.</summary>
public sealed class TfServingGrpcService(GrpcCall call) : PredictionService.PredictionServiceBase
{
    public override Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context) =>
        call.InferAsync(context, async timing =>
        {
            var name = request.ModelSpec?.Name ?? "";
            call.Model.RequireModel(name);
            var service = await call.Model.GetAsync().ConfigureAwait(false);
            var message = timing.TimeDecode(() => TfServingGrpcFormat.FromMap(name, request.Inputs, new DecodeOptions(service.Inputs, call.Limits.MaxRequestBytes)));
            var result = await timing.TimeInferAsync(() => service.InferAsync(message, context.CancellationToken)).ConfigureAwait(false);
            return timing.TimeEncode(() => (PredictResponse)TfServingGrpcFormat.ToProtobuf(result, MessageKind.Response));
        });
}

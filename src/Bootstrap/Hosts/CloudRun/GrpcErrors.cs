using Grpc.Core;
using Toolkit.Bootstrap.Hosts.Http;
using Toolkit.Bootstrap.Inference;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>The gRPC twin of <see cref="HttpErrors"/>: bad input (a malformed message included) is INVALID_ARGUMENT, an unknown model NOT_FOUND, an
/// oversized tensor RESOURCE_EXHAUSTED, a model that failed to load UNAVAILABLE.</summary>
public static class GrpcErrors
{
    public static StatusCode StatusFor(Exception error) => error switch
    {
        PayloadTooLargeException => StatusCode.ResourceExhausted,
        Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 } => StatusCode.ResourceExhausted,
        PayloadException => StatusCode.InvalidArgument,
        Google.Protobuf.InvalidProtocolBufferException => StatusCode.InvalidArgument,
        ModelNotFoundException => StatusCode.NotFound,
        InferenceRequestException => StatusCode.InvalidArgument,
        HttpStatusException { StatusCode: 503 } => StatusCode.Unavailable,
        HttpStatusException => StatusCode.InvalidArgument,
        _ => StatusCode.Internal,
    };

    public static RpcException ToRpcException(Exception error) =>
        error as RpcException ?? new RpcException(new Status(StatusFor(error), error.Message));
}

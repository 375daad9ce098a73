using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Toolkit.Bootstrap.Hosts.CloudRun.Internal;
using Toolkit.Bootstrap.Hosts.Http;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>
/// Serves gRPC services' unary methods (<c>POST /{package.Service}/{Method}</c> over h2c), bound through the generated
/// <c>BindService(ServiceBinderBase, …)</c> into a table of request handlers keyed by path. It replaces
/// Grpc.AspNetCore's service mapping, which resolves open generic services through dependency injection at start-up:
/// under Native AOT that builds generic types at run time and cost about 20 ms of the Cloud Run host's runtime_init
/// (perf, this machine). Streaming methods are not served; every method of the KServe v2 and TF-Serving services is unary.
/// </summary>
public sealed class GrpcEndpoints(HttpHostLimits limits) : ServiceBinderBase
{
    // Case-insensitive, as ASP.NET Core routing matched these paths before.
    private readonly Dictionary<string, RequestDelegate> methods = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The handler of the method at <paramref name="path"/> (<c>/package.Service/Method</c>), if one is bound.</summary>
    public bool TryGet(string path, out RequestDelegate handler) => methods.TryGetValue(path, out handler!);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        methods.Add(method.FullName, context => GrpcUnaryCall.HandleAsync(context, method, handler, limits));
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        throw new NotSupportedException($"gRPC method {method?.FullName} streams; only unary methods are served.");

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        throw new NotSupportedException($"gRPC method {method?.FullName} streams; only unary methods are served.");

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        throw new NotSupportedException($"gRPC method {method?.FullName} streams; only unary methods are served.");
}

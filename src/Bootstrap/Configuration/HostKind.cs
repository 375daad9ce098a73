namespace Toolkit.Bootstrap.Configuration;

/// <summary>The platform contract the bootstrap serves.</summary>
public enum HostKind
{
    /// <summary>AWS Lambda custom runtime: the Runtime API loop.</summary>
    Lambda,

    /// <summary>SageMaker (serverless) inference container: <c>GET /ping</c> and <c>POST /invocations</c> on 8080.</summary>
    SageMaker,

    /// <summary>Google Cloud Run: KServe v2 and TF-Serving REST and gRPC on <c>$PORT</c>, HTTP/1.1 and h2c.</summary>
    CloudRun,
}

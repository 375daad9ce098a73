namespace Toolkit.Bench.Table2;

/// <summary>
/// The payload limits of the three platforms (DESIGN.md, "Platform contracts"), and whether a body fits them.
/// Binary bodies (protobuf, KServe binary) reach a Lambda function inside a JSON event, so they count as base64
/// there; SageMaker and Cloud Run take the body as sent.
/// </summary>
public static class PlatformLimits
{
    /// <summary>Lambda's synchronous invocation limit, "6 MB": its own error message names 6,291,456 bytes (6 MiB).</summary>
    public const long LambdaBytes = 6L << 20;

    /// <summary>SageMaker Serverless Inference, "4 MB" per request and response; taken as 4,000,000 bytes, the
    /// stricter reading.</summary>
    public const long SageMakerBytes = 4_000_000;

    /// <summary>Cloud Run over HTTP/1: 32 MiB per request and response (gRPC over end-to-end HTTP/2 is not capped).</summary>
    public const long CloudRunBytes = 32L << 20;

    public static long Base64Bytes(long bytes) => 4 * ((bytes + 2) / 3);

    public static bool FitsLambda(long bytes, bool isBinary) => (isBinary ? Base64Bytes(bytes) : bytes) <= LambdaBytes;

    public static bool FitsSageMaker(long bytes) => bytes <= SageMakerBytes;

    public static bool FitsCloudRun(long bytes) => bytes <= CloudRunBytes;
}

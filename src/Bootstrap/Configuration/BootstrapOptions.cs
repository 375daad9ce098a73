using Toolkit.Kernels;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bootstrap.Configuration;

/// <summary>
/// What the bootstrap serves and how, from its arguments and environment:
/// <list type="bullet">
/// <item><c>--host lambda|sagemaker|cloudrun</c> wins; otherwise <c>AWS_LAMBDA_RUNTIME_API</c> means Lambda, a first
/// argument <c>serve</c> means SageMaker, and anything else Cloud Run.</item>
/// <item><c>TOOLKIT_MODEL</c>: a zoo name (default <c>mobilenet_v1</c>) or a model file inside the model directory.</item>
/// <item><c>TOOLKIT_ENGINE</c>: <c>kernels</c> (default), <c>onnxruntime</c>, or <c>transport-only</c> (a paper model's
/// fixed output without computing, for protocol measurements).</item>
/// <item><c>TOOLKIT_MODEL_DIR</c>: where models may be read from; default <c>LAMBDA_TASK_ROOT</c>, else the binary's folder.</item>
/// <item><c>TOOLKIT_DIMS</c>: values for an <c>.onnx</c> model's symbolic dimensions, <c>NAME=N,NAME=N</c> (e.g.
/// <c>batch=1,sequence=128</c>); the kernels engine imports such a file when it starts (<c>model import</c> ahead of time
/// gives the mapped <c>.tkm</c> instead, which starts faster).</item>
/// <item><c>TOOLKIT_ISA</c> (default <c>best</c>) and <c>TOOLKIT_THREADS</c> (default 1) for the kernels engine.</item>
/// <item><c>PORT</c> (Cloud Run) or <c>SAGEMAKER_BIND_TO_PORT</c> (SageMaker), default 8080.</item>
/// </list>
/// </summary>
public sealed record BootstrapOptions(
    HostKind Host,
    string Model,
    EngineKind Engine,
    string ModelDirectory,
    Isa Isa,
    int Threads,
    int Port,
    bool Info,
    string? LambdaRuntimeApi)
{
    public const int DefaultPort = 8080;

    /// <summary>The values of an ONNX model's symbolic dimensions (<c>TOOLKIT_DIMS</c>); empty by default.</summary>
    public IReadOnlyDictionary<string, int> Dimensions { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">An argument or variable has a value outside its set; the message names it.</exception>
    public static BootstrapOptions From(IReadOnlyList<string> args, IEnvironment environment)
    {
        var host = HostFrom(args, environment);
        var engine = (environment.Variable("TOOLKIT_ENGINE") ?? "kernels").ToLowerInvariant() switch
        {
            "kernels" => EngineKind.Kernels,
            "onnxruntime" or "ort" => EngineKind.OnnxRuntime,
            "transport-only" => EngineKind.TransportOnly,
            var other => throw new ArgumentException($"TOOLKIT_ENGINE must be kernels, onnxruntime or transport-only; received '{other}'."),
        };
        var threadsText = environment.Variable("TOOLKIT_THREADS") ?? "1";
        var threads = int.TryParse(threadsText, out var t) && t >= 1
            ? t
            : throw new ArgumentException($"TOOLKIT_THREADS must be a positive integer; received '{threadsText}'.");
        var portVariable = host == HostKind.SageMaker ? "SAGEMAKER_BIND_TO_PORT" : "PORT";
        var portText = environment.Variable(portVariable);
        var port = portText is null ? DefaultPort
            : int.TryParse(portText, out var p) && p is > 0 and < 65536 ? p
            : throw new ArgumentException($"{portVariable} must be a TCP port (1–65535); received '{portText}'.");
        var modelDirectory = environment.Variable("TOOLKIT_MODEL_DIR") ?? environment.Variable("LAMBDA_TASK_ROOT") ?? AppContext.BaseDirectory;
        return new BootstrapOptions(
            host,
            environment.Variable("TOOLKIT_MODEL") ?? MobileNetV1.Name,
            engine,
            Path.GetFullPath(modelDirectory),
            IsaSupport.Parse(environment.Variable("TOOLKIT_ISA") ?? "best"),
            threads,
            port,
            args.Contains("--info"),
            environment.Variable("AWS_LAMBDA_RUNTIME_API"))
        {
            Dimensions = DimensionsFrom(environment.Variable("TOOLKIT_DIMS")),
        };
    }

    private static Dictionary<string, int> DimensionsFrom(string? text)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!OnnxImportOptions.TryParseDimension(entry, out var dimension, out var value))
            {
                throw new ArgumentException($"TOOLKIT_DIMS takes NAME=N entries separated by commas, N a positive integer (e.g. batch=1,sequence=128); received '{entry}'.");
            }

            result[dimension] = value;
        }

        return result;
    }

    private static HostKind HostFrom(IReadOnlyList<string> args, IEnvironment environment)
    {
        var index = args.ToList().IndexOf("--host");
        if (index >= 0)
        {
            var name = index + 1 < args.Count ? args[index + 1] : "";
            return name.ToLowerInvariant() switch
            {
                "lambda" => HostKind.Lambda,
                "sagemaker" => HostKind.SageMaker,
                "cloudrun" => HostKind.CloudRun,
                _ => throw new ArgumentException($"--host must be lambda, sagemaker or cloudrun; received '{name}'."),
            };
        }

        if (!string.IsNullOrEmpty(environment.Variable("AWS_LAMBDA_RUNTIME_API")))
        {
            return HostKind.Lambda;
        }

        return args.Count > 0 && args[0] == "serve" ? HostKind.SageMaker : HostKind.CloudRun;
    }
}

using Toolkit.Bootstrap.Hosts.Lambda.Internal;
using Toolkit.Bootstrap.Inference;
using Toolkit.Serialization.Errors;

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The errorType values the host reports on <c>/error</c> and <c>/init/error</c>, one per class of problem, and the
/// HTTP status a proxy event gets for the same problem. <c>InvalidPayload.*</c> and <c>InvalidRequest.*</c> are the
/// caller's fault; <c>Runtime.*</c> and <c>Function.*</c> are the function's.
/// </summary>
public static class LambdaErrorTypes
{
    public const string Malformed = "InvalidPayload.Malformed";
    public const string TooLarge = "InvalidPayload.TooLarge";
    public const string ShapeMismatch = "InvalidPayload.ShapeMismatch";
    public const string UnknownDataType = "InvalidPayload.UnknownDataType";
    public const string InvalidPayload = "InvalidPayload";
    public const string InputMismatch = "InvalidRequest.InputMismatch";
    public const string UnknownModel = "InvalidRequest.UnknownModel";
    public const string UnsupportedContentType = "InvalidRequest.UnsupportedContentType";
    public const string DeadlineExceeded = "Runtime.DeadlineExceeded";
    public const string ResponseTooLarge = "Function.ResponseSizeTooLarge";
    public const string InitFailed = "Runtime.InitError";
    public const string Unhandled = "Runtime.Unhandled";

    public static string For(Exception error) => error switch
    {
        PayloadTooLargeException => TooLarge,
        MalformedPayloadException => Malformed,
        TensorShapeMismatchException => ShapeMismatch,
        UnknownDataTypeException => UnknownDataType,
        PayloadException => InvalidPayload,
        ModelNotFoundException => UnknownModel,
        InferenceRequestException => InputMismatch,
        UnsupportedContentTypeException => UnsupportedContentType,
        _ => Unhandled,
    };

    /// <summary>The proxy response status: 413, 404, 415, 406, 400 for the caller's faults, 500 for the function's.</summary>
    public static int StatusFor(Exception error) => error switch
    {
        PayloadTooLargeException => 413,
        ModelNotFoundException => 404,
        UnsupportedContentTypeException { IsAccept: true } => 406,
        UnsupportedContentTypeException => 415,
        PayloadException or InferenceRequestException => 400,
        _ => 500,
    };

    /// <summary>True for the problems a caller causes: the host answers them and keeps serving without logging a fault.</summary>
    public static bool IsBadInput(Exception error) => StatusFor(error) < 500;
}

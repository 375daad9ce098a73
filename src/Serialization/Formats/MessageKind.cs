namespace Toolkit.Serialization.Formats;

/// <summary>Which side of the call a message is: the request carries inputs, the response carries outputs.</summary>
public enum MessageKind
{
    Request,
    Response,
}

using System.Text.Json;

namespace Toolkit.Bootstrap.Hosts.Lambda;

/// <summary>
/// The error document the Runtime API takes on <c>/error</c> and <c>/init/error</c>:
/// <c>{"errorMessage":"…","errorType":"…","stackTrace":[]}</c>, sent as <see cref="ContentType"/>.
/// </summary>
public sealed record LambdaError(string ErrorType, string ErrorMessage)
{
    public const string ContentType = "application/vnd.aws.lambda.error+json";

    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream(128 + ErrorMessage.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", ErrorMessage);
            json.WriteString("errorType", ErrorType);
            json.WriteStartArray("stackTrace");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a document written by <see cref="ToJson"/> (the emulator uses it); missing fields become empty.</summary>
    public static LambdaError Parse(ReadOnlySpan<byte> json)
    {
        string type = "", message = "";
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (name == "errorType")
                    {
                        type = reader.GetString() ?? "";
                    }
                    else if (name == "errorMessage")
                    {
                        message = reader.GetString() ?? "";
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return new LambdaError(type, message);
    }
}

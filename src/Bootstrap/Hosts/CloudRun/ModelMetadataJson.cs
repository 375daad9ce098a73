using System.Text.Json;
using Toolkit.Bootstrap.Inference;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Hosts.CloudRun;

/// <summary>KServe v2 model metadata (<c>GET /v2/models/{name}</c>): name, versions, platform, and each input's and
/// output's name, datatype and shape. Written with <see cref="Utf8JsonWriter"/>, since reflection JSON is unavailable
/// under Native AOT.</summary>
public static class ModelMetadataJson
{
    /// <summary>The one version a bootstrap serves.</summary>
    public const string ModelVersion = "1";

    public static byte[] Write(InferenceService service)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", service.ModelName);
            json.WriteStartArray("versions");
            json.WriteStringValue(ModelVersion);
            json.WriteEndArray();
            json.WriteString("platform", Platform(service));
            WriteTensors(json, "inputs", service.Inputs);
            WriteTensors(json, "outputs", service.Outputs);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string Platform(InferenceService service) => "toolkit_" + service.EngineName;

    private static void WriteTensors(Utf8JsonWriter json, string property, IReadOnlyList<TensorSpec> specs)
    {
        json.WriteStartArray(property);
        foreach (var spec in specs)
        {
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("datatype", spec.DataType.KServeName());
            json.WriteStartArray("shape");
            foreach (var dimension in spec.Shape)
            {
                json.WriteNumberValue(dimension);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

using System.Text;
using System.Text.Json;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bench.HeavyStack;

/// <summary>
/// A graph as the Python engine (<c>python/torch_graph.py</c>) reads it: one line of JSON, the manifest (inputs,
/// outputs, nodes with their attributes and output shapes, and where each weight lies), padded with spaces to a
/// multiple of <see cref="AlignmentBytes"/> and ended by a newline; then every weight's raw little-endian bytes, each
/// starting at a multiple of <see cref="AlignmentBytes"/> from the end of the line. Weights stay in the graph's layouts
/// (HWIO convolutions, [K, N] dense): the reader converts them once, at load. One file, so that a page-cache eviction
/// and a staged copy cover the whole model, as they do for <c>.tkm</c> and <c>.onnx</c>.
/// </summary>
public static class TorchGraphFile
{
    public const string Extension = ".torchgraph";

    /// <summary>A cache line: torch reads each weight in place, and aligned rows keep its vector loads aligned.</summary>
    public const int AlignmentBytes = 64;

    /// <exception cref="GraphException">The graph holds weights packed for one tier (a mapped model file).</exception>
    public static void Write(ModelGraph graph, string path)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Prepacked.Count > 0)
        {
            throw new GraphException($"Graph '{graph.Name}' holds {graph.Prepacked.Count} weights packed for one tier; the python engine needs plain weights: read the model file with ModelFile.Read.");
        }

        var offsets = new List<long>();
        var dataBytes = 0L;
        foreach (var weight in graph.Initializers.Values)
        {
            offsets.Add(dataBytes);
            dataBytes = Align(dataBytes + weight.Data.Length);
        }

        var header = Manifest(graph, offsets, dataBytes);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(header);
        file.Write(Encoding.ASCII.GetBytes(new string(' ', (int)(Align(header.Length + 1) - header.Length - 1)) + "\n"));
        var written = 0L;
        foreach (var (weight, offset) in graph.Initializers.Values.Zip(offsets))
        {
            file.Write(new byte[offset - written]);
            file.Write(weight.Data);
            written = offset + weight.Data.Length;
        }

        file.Write(new byte[dataBytes - written]);
    }

    private static long Align(long bytes) => (bytes + AlignmentBytes - 1) / AlignmentBytes * AlignmentBytes;

    private static byte[] Manifest(ModelGraph graph, List<long> offsets, long dataBytes)
    {
        var shapes = ShapeInference.Infer(graph);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", "toolkit-torchgraph");
            json.WriteNumber("version", 1);
            json.WriteString("name", graph.Name);
            json.WriteStartArray("inputs");
            foreach (var input in graph.Inputs)
            {
                WriteValue(json, input.Name, input.DataType, input.Shape);
            }

            json.WriteEndArray();
            json.WriteStartArray("outputs");
            foreach (var output in graph.Outputs)
            {
                WriteValue(json, output, null, shapes[output]);
            }

            json.WriteEndArray();
            json.WriteStartArray("nodes");
            foreach (var node in graph.Nodes)
            {
                WriteNode(json, node, shapes[node.Output]);
            }

            json.WriteEndArray();
            json.WriteNumber("weight_bytes", dataBytes);
            json.WriteStartArray("weights");
            foreach (var ((name, weight), offset) in graph.Initializers.Zip(offsets))
            {
                WriteValue(json, name, weight.DataType, weight.Shape, offset);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, string name, DataType? dataType, int[] shape, long? offset = null)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        if (dataType is { } type)
        {
            json.WriteString("datatype", type.KServeName());
        }

        WriteInts(json, "shape", shape);
        if (offset is { } start)
        {
            json.WriteNumber("offset", start);
        }

        json.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter json, Node node, int[] shape)
    {
        json.WriteStartObject();
        json.WriteString("name", node.Name);
        json.WriteString("op", node.OpType);
        json.WriteStartArray("inputs");
        foreach (var input in node.Inputs)
        {
            json.WriteStringValue(input);
        }

        json.WriteEndArray();
        json.WriteString("output", node.Output);
        WriteInts(json, "shape", shape);
        json.WriteStartObject("attributes");
        foreach (var (key, value) in node.Attributes)
        {
            switch (value)
            {
                case int number:
                    json.WriteNumber(key, number);
                    break;
                case int[] numbers:
                    WriteInts(json, key, numbers);
                    break;
                case float number:
                    json.WriteNumber(key, number);
                    break;
                default:
                    json.WriteString(key, (string)value);
                    break;
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInts(Utf8JsonWriter json, string name, int[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}

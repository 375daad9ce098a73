using Google.Protobuf;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;
using OnnxType = Toolkit.Serialization.Onnx.Proto.TensorProto.Types.DataType;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// Reads an ONNX file into an <see cref="OnnxGraph"/>: the protobuf parsed, the opset checked, initializers decoded,
/// Constant nodes turned into constants, symbolic input dimensions bound, and the nodes in an order where every value
/// is written before it is read. Every problem of the file is collected before one <see cref="OnnxImportException"/>.
/// </summary>
internal static class OnnxModelReader
{
    /// <summary>The default-domain opsets the importer reads; the operators' semantics are handled per version where they changed.</summary>
    public const int MinimumOpset = 7;

    public const int MaximumOpset = 21;

    public static OnnxGraph Read(ReadOnlySpan<byte> bytes, string source, OnnxImportOptions options)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException(source, [new OnnxProblem("file", $"not a readable ONNX protobuf ({e.Message}); the file is truncated or corrupt.")]);
        }

        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Output.Count == 0))
        {
            throw new OnnxImportException(source, [new OnnxProblem("file", $"holds no graph ({bytes.Length} bytes); it is not an ONNX model or it is truncated.")]);
        }

        var problems = new List<OnnxProblem>();
        var opset = Opset(model, problems);
        var graph = model.Graph;
        if (model.Functions.Count > 0)
        {
            problems.Add(new OnnxProblem("file", $"defines model-local functions ({string.Join(", ", model.Functions.Select(f => f.Name))}), which are not supported."));
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            problems.Add(new OnnxProblem($"initializer '{sparse.Values?.Name}'", "is a sparse initializer, which is not supported; store it dense."));
        }

        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            Collect(problems, () => constants[initializer.Name] = OnnxTensorDecoder.Decode(initializer, $"initializer '{initializer.Name}'"));
        }

        var inputs = new List<TensorSpec>();
        foreach (var input in graph.Input.Where(i => !constants.ContainsKey(i.Name)))
        {
            Collect(problems, () => inputs.Add(Input(input, options)));
        }

        var nodes = new List<OnnxNode>();
        foreach (var proto in graph.Node)
        {
            Collect(problems, () =>
            {
                var node = OnnxNode.From(proto);
                if (node.OpType == "Constant" && node.Outputs.Count == 1 && proto.Domain is "" or "ai.onnx")
                {
                    constants[node.Output] = ConstantValue(node);
                }
                else
                {
                    nodes.Add(proto.Domain is "" or "ai.onnx" ? node : node with { OpType = $"{proto.Domain}.{node.OpType}" });
                }
            });
        }

        RequireSingleDefinitions(nodes, inputs, constants, problems);
        var ordered = problems.Count == 0 ? Order(nodes, inputs.Select(i => i.Name).Concat(constants.Keys), problems) : nodes;
        foreach (var output in graph.Output.Where(o => !nodes.Any(n => n.Outputs.Contains(o.Name)) && !constants.ContainsKey(o.Name) && !inputs.Any(i => i.Name == o.Name)))
        {
            problems.Add(new OnnxProblem($"output '{output.Name}'", "is not written by any node."));
        }

        if (problems.Count > 0)
        {
            throw new OnnxImportException(source, problems);
        }

        var name = options.Name ?? (graph.Name.Length > 0 ? graph.Name : Path.GetFileNameWithoutExtension(source));
        return new OnnxGraph(name, opset, inputs, ordered, constants, [.. graph.Output.Select(o => o.Name)]);
    }

    private static int Opset(ModelProto model, List<OnnxProblem> problems)
    {
        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        var version = entry is null ? (model.IrVersion <= 3 ? 8 : 0) : (int)entry.Version;
        if (version is < MinimumOpset or > MaximumOpset)
        {
            problems.Add(new OnnxProblem("opset_import", $"the default domain is at opset {version}; the importer reads opsets {MinimumOpset}–{MaximumOpset}."));
        }

        return version;
    }

    /// <summary>A graph input with every dimension fixed: a dim_value, or a dim_param bound by the options.</summary>
    private static TensorSpec Input(ValueInfoProto input, OnnxImportOptions options)
    {
        var where = $"input '{input.Name}'";
        var tensor = input.Type?.TensorType ?? throw OnnxImportException.At(where, "is not a tensor (sequences and maps are not supported).");
        var type = (OnnxType)tensor.ElemType switch
        {
            OnnxType.Float => DataType.Float32,
            OnnxType.Int64 => DataType.Int64,
            OnnxType.Int32 => DataType.Int32,
            var other => throw OnnxImportException.At(where, $"has element type {other}; inputs may be FLOAT, INT64 or INT32."),
        };
        if (tensor.Shape is null)
        {
            throw OnnxImportException.At(where, "has no shape; give the input a shape in the file.");
        }

        var shape = new int[tensor.Shape.Dim.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            var dim = tensor.Shape.Dim[i];
            if (dim.HasDimValue && dim.DimValue > 0)
            {
                shape[i] = checked((int)dim.DimValue);
            }
            else if (dim.HasDimParam && options.Dimensions.TryGetValue(dim.DimParam, out var bound))
            {
                shape[i] = bound;
            }
            else
            {
                var name = dim.HasDimParam ? $"'{dim.DimParam}'" : "(unnamed)";
                throw OnnxImportException.At(where, $"dimension {i} {name} has no value; our plans have fixed shapes, so give it one (model import --dim {(dim.HasDimParam ? dim.DimParam : "NAME")}=N, or TOOLKIT_DIMS for the bootstrap).");
            }
        }

        return new TensorSpec(input.Name, type, shape);
    }

    private static Tensor ConstantValue(OnnxNode node) =>
        node.TensorValue("value")
        ?? (node.Attributes.TryGetValue("value_float", out var f) ? Tensor.From<float>([(float)f], [])
        : node.Attributes.TryGetValue("value_int", out var i) ? Tensor.From<long>([(long)i], [])
        : node.Attributes.TryGetValue("value_floats", out var fs) ? Tensor.From<float>((float[])fs, ((float[])fs).Length)
        : node.Attributes.TryGetValue("value_ints", out var @is) ? Tensor.From<long>((long[])@is, ((long[])@is).Length)
        : throw OnnxImportException.At(node.Where, "has no value, value_float, value_int, value_floats or value_ints attribute (sparse and string constants are not supported)."));

    /// <summary>
    /// The nodes in an order where each reads only values written before it (files are meant to be sorted, but the
    /// format does not enforce it). A node that can never run is part of a cycle or reads a value nobody writes.
    /// </summary>
    private static List<OnnxNode> Order(List<OnnxNode> nodes, IEnumerable<string> available, List<OnnxProblem> problems)
    {
        var defined = new HashSet<string>(available, StringComparer.Ordinal) { "" };
        var written = nodes.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var pending = new List<OnnxNode>(nodes);
        var ordered = new List<OnnxNode>(nodes.Count);
        while (pending.Count > 0)
        {
            // In file order, each node as soon as its inputs are there: a sorted file keeps its order exactly.
            var ready = new List<OnnxNode>();
            foreach (var node in pending)
            {
                if (node.Inputs.All(defined.Contains))
                {
                    ready.Add(node);
                    defined.UnionWith(node.Outputs);
                }
            }

            if (ready.Count == 0)
            {
                foreach (var node in pending)
                {
                    var missing = node.Inputs.Where(i => !defined.Contains(i)).ToList();
                    problems.Add(missing.All(written.Contains)
                        ? new OnnxProblem(node.Where, $"is part of a cycle: it reads {string.Join(", ", missing.Select(m => $"'{m}'"))}, which depend on its own output.")
                        : new OnnxProblem(node.Where, $"reads {string.Join(", ", missing.Where(m => !written.Contains(m)).Select(m => $"'{m}'"))}, which no input, initializer or node defines."));
                }

                break;
            }

            foreach (var node in ready)
            {
                ordered.Add(node);
                pending.Remove(node);
            }
        }

        return ordered;
    }

    /// <summary>Every value has one definition: an input, an initializer or Constant, or one node's output.</summary>
    private static void RequireSingleDefinitions(List<OnnxNode> nodes, List<TensorSpec> inputs, Dictionary<string, Tensor> constants, List<OnnxProblem> problems)
    {
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            defined[input.Name] = $"input '{input.Name}'";
        }

        foreach (var name in constants.Keys)
        {
            defined.TryAdd(name, $"initializer or Constant '{name}'");
        }

        foreach (var node in nodes)
        {
            foreach (var output in node.Outputs.Where(o => o.Length > 0))
            {
                if (!defined.TryAdd(output, node.Where))
                {
                    problems.Add(new OnnxProblem(node.Where, $"writes '{output}', which {defined[output]} already defines; every value must be defined once."));
                }
            }
        }
    }

    private static void Collect(List<OnnxProblem> problems, Action read)
    {
        try
        {
            read();
        }
        catch (OnnxImportException e)
        {
            problems.AddRange(e.Problems);
        }
    }
}

using System.Text;
using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Convolution.Internal;
using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Graph.Internal;
using Toolkit.Kernels.Graph.Operators;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph;

/// <summary>
/// The toolkit's own model file: a small binary header (graph structure, attributes, weight table) followed by the raw
/// little-endian weights, each starting on a 64-byte boundary. GEMM weights (convolutions with group 1, dense layers)
/// may be stored already packed in the panels of one or more ISA tiers, so <see cref="Map"/> serves them where they lie
/// in a memory-mapped file: a cold start neither parses nor copies them. Layout:
/// <c>"TKMODEL3" | int32 header bytes | header | zero padding to 64 | weights</c>.
/// </summary>
public static unsafe class ModelFile
{
    /// <summary>File extension of the format.</summary>
    public const string Extension = ".tkm";

    /// <summary>A cache line and a zmm register: mapped panels are as aligned as packed ones in memory.</summary>
    private const int WeightAlignmentBytes = 64;
    private static readonly byte[] Magic = "TKMODEL3"u8.ToArray();

    public static void Write(ModelGraph graph, string path, params Isa[] packFor)
    {
        using var file = File.Create(path);
        Write(graph, file, packFor);
    }

    /// <summary>
    /// Writes <paramref name="graph"/>; the same graph and tiers always give the same bytes. Each GEMM weight is stored
    /// once per tier of <paramref name="packFor"/> in that tier's panels, or dense when no tier is given. A tier need
    /// not be one this CPU runs: the file may be served elsewhere.
    /// </summary>
    public static void Write(ModelGraph graph, Stream stream, params Isa[] packFor)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(stream);
        if (packFor.Any(tier => tier is Isa.Best or Isa.Scalar || !Enum.IsDefined(tier)))
        {
            throw new ArgumentException($"Pack for explicit SIMD tiers (Vector128, Avx2, Avx512); received {string.Join(", ", packFor)}.", nameof(packFor));
        }

        var gemmWeights = GemmWeightNames(graph);
        var winograd = WinogradGeometries(graph);
        var payloads = new List<ReadOnlyMemory<byte>>();
        var entries = new List<WeightEntry>();
        long offset = 0;
        foreach (var name in WeightsInUseOrder(graph))
        {
            var dense = DenseTensor(graph, name);
            var layouts = gemmWeights.Contains(name) && packFor.Length > 0 ? packFor.Distinct() : [Isa.Best];
            foreach (var layout in layouts)
            {
                var (bytes, panelWidth) = layout == Isa.Best ? (dense.Data, 0) : Packed(dense, layout);
                entries.Add(new WeightEntry(name, dense.DataType, dense.Shape, offset, layout, panelWidth));
                payloads.Add(bytes);
                offset = Align(offset + bytes.Length);
                if (layout != Isa.Best && winograd.TryGetValue(name, out var geometry) && PreparedConv2d.Resolve(geometry, Conv2dInput.Automatic, layout) == Conv2dInput.Winograd)
                {
                    // The transform its convolution runs at this tier, so loading the file does no arithmetic.
                    var transformed = WinogradBytes(dense, geometry, layout);
                    entries.Add(new WeightEntry(name, dense.DataType, dense.Shape, offset, layout, panelWidth, WeightForm.Winograd));
                    payloads.Add(transformed);
                    offset = Align(offset + transformed.Length);
                }
            }
        }

        var header = new MemoryStream();
        using (var w = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            new ModelFileHeader(graph.Name, [.. graph.Inputs], [.. graph.Outputs], [.. graph.Nodes], entries).Write(w);
        }

        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes((int)header.Length));
        header.Position = 0;
        header.CopyTo(stream);
        var prefix = Magic.Length + sizeof(int) + header.Length;
        stream.Write(new byte[Align(prefix) - prefix]);
        long written = 0;
        foreach (var payload in payloads)
        {
            stream.Write(payload.Span);
            written += payload.Length;
            stream.Write(new byte[Align(written) - written]);
            written = Align(written);
        }
    }

    /// <summary>Reads a whole model into memory as dense tensors (packed weights are unpacked).</summary>
    public static ModelGraph Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <exception cref="ModelFormatException">The stream is not a well-formed model file; the message says where.</exception>
    public static ModelGraph Read(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Guard(source, () =>
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            var (header, dataStart) = ReadHeader(r, source);
            var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var entry in FirstEntryPerWeight(header))
            {
                stream.Position = dataStart + entry.Offset;
                var bytes = checked((int)entry.ByteLength);
                if (stream.CanSeek && stream.Position + bytes > stream.Length)
                {
                    throw new ModelFormatException($"{source}: weight '{entry.Name}' needs {bytes} bytes at offset {stream.Position}, past the end of the file ({stream.Length} bytes).");
                }

                // Straight from the stream into an unzeroed array: the weights are most of the file.
                var data = GC.AllocateUninitializedArray<byte>(bytes);
                var read = stream.ReadAtLeast(data, bytes, throwOnEndOfStream: false);
                if (read != bytes)
                {
                    throw new ModelFormatException($"{source}: weight '{entry.Name}' is truncated ({read} of {bytes} bytes).");
                }

                fixed (byte* pointer = data)
                {
                    initializers.Add(entry.Name, ToDense(entry, pointer, data));
                }
            }

            return new ModelGraph(header.Name, header.Inputs, header.Nodes, initializers, header.Outputs);
        });
    }

    /// <summary>
    /// Maps the file and returns the graph compiled plans of <paramref name="tier"/> should run: GEMM weights stored in
    /// that tier's panels stay in the mapping as <see cref="ModelGraph.Prepacked"/>; every other weight is copied out
    /// (they are small: biases and depthwise kernels), unpacking GEMM weights stored only for other tiers.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a well-formed model file; the message says where.</exception>
    public static ModelGraph Map(string path, Isa tier)
    {
        var file = MappedFile.Open(path);
        return Guard(path, () =>
        {
            using var headerStream = new UnmanagedMemoryStream(file.Data, file.Length);
            using var r = new BinaryReader(headerStream, Encoding.UTF8, leaveOpen: true);
            var (header, dataStart) = ReadHeader(r, path);
            var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var prepacked = new Dictionary<string, PrepackedWeight>(StringComparer.Ordinal);
            var tables = TableNames(header.Nodes);
            var chosen = header.Weights.GroupBy(e => e.Name, StringComparer.Ordinal).Select(group => Choose(group, tier, path)).ToList();

            // Wire in the pages this tier reads (not the other tiers' panels, nor the tables a run reads a few rows of).
            file.Populate(chosen.Where(c => !IsTable(c.Usable, tables)).SelectMany(c => new[] { c.Usable, c.Transformed })
                .OfType<WeightEntry>().Select(e => (InBounds(file, path, dataStart, e), e.ByteLength)));
            foreach (var (usable, transformed) in chosen)
            {
                if (usable.Layout == tier)
                {
                    prepacked.Add(usable.Name, new PrepackedWeight(usable.Shape, MapPanels(file, path, dataStart, usable, tier))
                    {
                        Winograd = transformed is null ? null : MapPanels(file, path, dataStart, transformed, tier),
                    });
                }
                else if (IsTable(usable, tables))
                {
                    // An embedding table: its rows are read where they lie, as one panel as wide as the table.
                    var rows = new PackedMatrix(tier, usable.Shape[0], usable.Shape[1], Math.Max(usable.Shape[1], 1), (float*)(file.Data + InBounds(file, path, dataStart, usable)), file);
                    prepacked.Add(usable.Name, new PrepackedWeight(usable.Shape, rows));
                }
                else
                {
                    initializers.Add(usable.Name, ToDense(usable, file.Data + InBounds(file, path, dataStart, usable), owner: null));
                }
            }

            return new ModelGraph(header.Name, header.Inputs, header.Nodes, initializers, header.Outputs, prepacked);
        });
    }

    /// <summary>The entry of a weight a plan of <paramref name="tier"/> reads (its panels, else its dense or another tier's form), and its Winograd form for that tier if stored.</summary>
    private static (WeightEntry Usable, WeightEntry? Transformed) Choose(IGrouping<string, WeightEntry> group, Isa tier, string path)
    {
        var stored = group.Where(e => e.Form == WeightForm.Gemm).ToList();
        var usable = stored.FirstOrDefault(e => e.Layout == tier && e.PanelWidth == Sgemm.PanelWidth(tier)) ?? stored.FirstOrDefault()
            ?? throw new ModelFormatException($"{path}: weight '{group.Key}' is stored only in its Winograd form.");
        var transformed = usable.Layout == tier
            ? group.FirstOrDefault(e => e.Form == WeightForm.Winograd && e.Layout == tier && e.PanelWidth == usable.PanelWidth)
            : null;
        return (usable, transformed);
    }

    private static bool IsTable(WeightEntry entry, HashSet<string> tables) =>
        !entry.IsPacked && entry.DataType == DataType.Float32 && entry.Shape.Length == 2 && tables.Contains(entry.Name);

    /// <summary>
    /// The embedding tables (inputs 2–4 of Embedding nodes) that nothing else reads: the only dense weights large enough
    /// to matter (BERT-base's vocabulary is 94 MB), and read a few rows a run, so mapping serves them in place.
    /// </summary>
    private static HashSet<string> TableNames(IReadOnlyList<Node> nodes)
    {
        var tables = nodes.Where(n => n.OpType == OpTypes.Embedding).SelectMany(n => n.Inputs.Skip(2)).ToHashSet(StringComparer.Ordinal);
        tables.ExceptWith(nodes.SelectMany(n => n.OpType == OpTypes.Embedding ? n.Inputs.Take(2) : n.Inputs));
        return tables;
    }

    /// <summary>An entry's packed panels where they lie in the mapped file.</summary>
    private static PackedMatrix MapPanels(MappedFile file, string path, long dataStart, WeightEntry entry, Isa tier)
    {
        var (depth, columns) = entry.PackedShape;
        return new PackedMatrix(tier, depth, columns, entry.PanelWidth, (float*)(file.Data + InBounds(file, path, dataStart, entry)), file);
    }

    /// <summary>The entry's start in the file, after checking that all of it lies inside.</summary>
    private static long InBounds(MappedFile file, string path, long dataStart, WeightEntry entry)
    {
        var start = dataStart + entry.Offset;
        return start + entry.ByteLength <= file.Length
            ? start
            : throw new ModelFormatException($"{path}: weight '{entry.Name}' needs {entry.ByteLength} bytes at offset {start}, past the end of the file ({file.Length} bytes).");
    }

    /// <summary>
    /// The 3×3, group-1 convolutions' weights, each with the geometry of a convolution that reads it: the writer stores
    /// their Winograd transform beside their panels for each tier at which that convolution runs as Winograd.
    /// </summary>
    private static Dictionary<string, Conv2dGeometry> WinogradGeometries(ModelGraph graph)
    {
        var geometries = new Dictionary<string, Conv2dGeometry>(StringComparer.Ordinal);
        var candidates = graph.Nodes.Where(n => n.OpType == OpTypes.Conv2d && n.Attributes.Int("group", 1) == 1 && n.Attributes.Ints("kernel") is [3, 3]).ToList();
        if (candidates.Count == 0)
        {
            return geometries;
        }

        var shapes = ShapeInference.Infer(graph);
        foreach (var node in candidates)
        {
            geometries.TryAdd(node.Inputs[1], Conv2dOperator.Geometry(node, shapes[node.Inputs[0]], shapes[node.Inputs[1]]));
        }

        return geometries;
    }

    private static byte[] WinogradBytes(Tensor dense, Conv2dGeometry geometry, Isa tier)
    {
        using var transformed = WinogradF2x3.TransformWeights(tier, geometry, dense.AsSpan<float>());
        return Bytes(transformed);
    }

    private static byte[] Bytes(PackedMatrix packed)
    {
        var bytes = new byte[packed.LengthFloats * sizeof(float)];
        fixed (byte* target = bytes)
        {
            Buffer.MemoryCopy(packed.Panels.Data, target, bytes.Length, bytes.Length);
        }

        return bytes;
    }

    /// <summary>The weights convolutions with group 1 and dense layers multiply as GEMM B: packing them pays.</summary>
    private static HashSet<string> GemmWeightNames(ModelGraph graph) =>
        graph.Nodes.Where(n => n.OpType == OpTypes.Dense || (n.OpType == OpTypes.Conv2d && n.Attributes.Int("group", 1) == 1))
            .Select(n => n.Inputs[1]).ToHashSet(StringComparer.Ordinal);

    /// <summary>Weight names in the order nodes first read them, so a mapped graph writes the bytes its source did.</summary>
    private static IEnumerable<string> WeightsInUseOrder(ModelGraph graph)
    {
        var weights = graph.Initializers.Keys.Concat(graph.Prepacked.Keys).ToList();
        var firstUse = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (input, index) in graph.Nodes.SelectMany(n => n.Inputs).Select((input, index) => (input, index)))
        {
            firstUse.TryAdd(input, index);
        }

        return weights.OrderBy(name => firstUse.GetValueOrDefault(name, int.MaxValue)).ThenBy(name => name, StringComparer.Ordinal);
    }

    private static Tensor DenseTensor(ModelGraph graph, string name)
    {
        if (graph.Initializers.TryGetValue(name, out var tensor))
        {
            return tensor;
        }

        var weight = graph.Prepacked[name];
        var dense = Tensor.Zeros(DataType.Float32, weight.Shape);
        weight.Matrix.CopyTo(dense.AsSpan<float>());
        return dense;
    }

    private static (byte[] Bytes, int PanelWidth) Packed(Tensor dense, Isa tier)
    {
        var (depth, columns) = PrepackedWeight.GemmShape(dense.Shape);
        using var packed = Sgemm.PackFor(tier, dense.AsSpan<float>(), depth, columns, columns);
        return (Bytes(packed), packed.PanelWidth);
    }

    /// <summary>A dense tensor from an entry's stored bytes: the bytes themselves when dense, else the unpacked panels.</summary>
    private static Tensor ToDense(WeightEntry entry, byte* stored, byte[]? owner)
    {
        if (!entry.IsPacked)
        {
            return new Tensor(entry.DataType, entry.Shape, owner ?? new ReadOnlySpan<byte>(stored, checked((int)entry.ByteLength)).ToArray());
        }

        var (depth, columns) = PrepackedWeight.GemmShape(entry.Shape);
        var dense = Tensor.Zeros(DataType.Float32, entry.Shape);
        new PackedMatrix(entry.Layout, depth, columns, entry.PanelWidth, (float*)stored, owner ?? (object)entry).CopyTo(dense.AsSpan<float>());
        return dense;
    }

    private static IEnumerable<WeightEntry> FirstEntryPerWeight(ModelFileHeader header) =>
        header.Weights.Where(e => e.Form == WeightForm.Gemm).GroupBy(e => e.Name, StringComparer.Ordinal).Select(g => g.FirstOrDefault(e => !e.IsPacked) ?? g.First());

    private static (ModelFileHeader Header, long DataStart) ReadHeader(BinaryReader r, string source)
    {
        var magic = r.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new ModelFormatException($"{source}: not a toolkit model file (expected magic 'TKMODEL3').");
        }

        var headerLength = r.ReadInt32();
        return (ModelFileHeader.Read(r), Align(Magic.Length + sizeof(int) + (long)headerLength));
    }

    private static ModelGraph Guard(string source, Func<ModelGraph> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or OverflowException or InvalidDataException or GraphException and not ModelFormatException)
        {
            throw new ModelFormatException($"{source}: corrupt or truncated model file: {e.Message}", e);
        }
    }

    private static long Align(long bytes) => (bytes + WeightAlignmentBytes - 1) / WeightAlignmentBytes * WeightAlignmentBytes;
}

using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>Reads tensor elements from JSON: a flat array with a known shape (KServe), or nested arrays whose
/// nesting is the shape (TF-Serving).</summary>
internal static class JsonTensorReader
{
    // Nested arrays deeper than this are refused; no model here has more than 4 dimensions.
    private const int MaxRank = 16;

    /// <summary>Reads a flat (or, as the KServe spec allows, nested) array holding exactly the shape's elements.</summary>
    public static byte[] ReadFlat(ref JsonScanner scanner, string tensorName, DataType dataType, long elementCount, long maxBytes)
    {
        var sink = new ElementSink(dataType, elementCount, maxBytes);
        ReadFlattened(ref scanner, sink, 0);
        if (sink.Count != elementCount)
        {
            throw new TensorShapeMismatchException(
                $"Tensor '{tensorName}' data must hold {elementCount} elements for its shape; received {sink.Count}.");
        }

        return sink.ToArray();
    }

    /// <summary>Reads arrays nested by shape, checking that every row at a depth has the same length.</summary>
    public static Tensor ReadNested(ref JsonScanner scanner, string tensorName, DataType dataType, long expectedCount, long maxBytes)
    {
        var sink = new ElementSink(dataType, expectedCount, maxBytes);
        if (scanner.Peek() != '[')
        {
            sink.Add(ref scanner);
            return TensorFactory.Create(tensorName, dataType, [], sink.ToArray());
        }

        var shape = new List<int>();
        var leafDepth = -1;
        ReadLevel(ref scanner, sink, tensorName, shape, ref leafDepth, 0);
        return TensorFactory.Create(tensorName, dataType, [.. shape], sink.ToArray());
    }

    private static void ReadFlattened(ref JsonScanner scanner, ElementSink sink, int depth)
    {
        scanner.Expect((byte)'[');
        if (depth > MaxRank)
        {
            throw new MalformedPayloadException($"Tensor data nested deeper than {MaxRank} levels.", scanner.Position);
        }

        if (sink.DataType == DataType.Float32 && scanner.Peek() != '[')
        {
            sink.AddFloat32Run(ref scanner);
            return;
        }

        var first = true;
        while (scanner.NextElement(ref first))
        {
            if (scanner.Peek() == '[')
            {
                ReadFlattened(ref scanner, sink, depth + 1);
            }
            else
            {
                sink.Add(ref scanner);
            }
        }
    }

    private static void ReadLevel(ref JsonScanner scanner, ElementSink sink, string tensorName, List<int> shape, ref int leafDepth, int depth)
    {
        var start = scanner.Position;
        scanner.Expect((byte)'[');
        if (depth > MaxRank)
        {
            throw new MalformedPayloadException($"Tensor '{tensorName}' is nested deeper than {MaxRank} levels.", start);
        }

        if (shape.Count == depth)
        {
            shape.Add(-1); // filled in when the first row at this depth ends
        }

        var isLeaf = scanner.Peek() != '[';
        if (isLeaf && scanner.Peek() == ']')
        {
            // An empty row: a leaf if no deeper level has been seen.
            isLeaf = leafDepth < 0 || leafDepth == depth;
        }

        if (leafDepth < 0 && isLeaf)
        {
            leafDepth = depth;
        }

        if (isLeaf != (leafDepth == depth))
        {
            throw new TensorShapeMismatchException($"Tensor '{tensorName}' is ragged: rows at depth {depth} differ in nesting.");
        }

        long count;
        if (isLeaf)
        {
            var before = sink.Count;
            if (sink.DataType == DataType.Float32)
            {
                sink.AddFloat32Run(ref scanner);
            }
            else
            {
                var first = true;
                while (scanner.NextElement(ref first))
                {
                    sink.Add(ref scanner);
                }
            }

            count = sink.Count - before;
        }
        else
        {
            count = 0;
            var first = true;
            while (scanner.NextElement(ref first))
            {
                ReadLevel(ref scanner, sink, tensorName, shape, ref leafDepth, depth + 1);
                count++;
            }
        }

        if (shape[depth] < 0)
        {
            shape[depth] = (int)count;
        }
        else if (shape[depth] != count)
        {
            throw new TensorShapeMismatchException(
                $"Tensor '{tensorName}' is ragged: a row at depth {depth} has {count} elements, an earlier one {shape[depth]}.");
        }
    }
}

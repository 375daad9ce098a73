using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// BERT-style self-attention as PyTorch exports it becomes one fused Q|K|V dense layer and one attention node:
/// Q, K and V are three dense layers of the same x, each reshaped to [N,S,heads,d] and transposed (K to [N,heads,d,S]);
/// the scores Q·Kᵀ are divided by √d (or multiplied by 1/√d), an additive mask (1 − mask) · c with c ≤ −10⁴ is added,
/// a softmax over the last axis weights V, and the context is transposed back and reshaped to [N,S,H]. Our kernel masks
/// with −10000, which gives the same weights as any c ≤ −10⁴ (both underflow to zero).
/// </summary>
internal static class AttentionFusion
{
    public static void Run(FusionGraph graph)
    {
        foreach (var softmax in graph.Nodes.Where(n => n.OpType == "Softmax").ToList())
        {
            if (Match(graph, softmax) is { } match)
            {
                Rewrite(graph, match);
            }
        }
    }

    private sealed record Found(OnnxNode Q, OnnxNode K, OnnxNode V, string Mask, int Heads, string Output, string Name);

    private static Found? Match(FusionGraph graph, OnnxNode softmax)
    {
        var scores = softmax.Inputs[0];
        if (graph.Value(scores).Rank != 4 || softmax.Int("axis", -1) is not (-1 or 3))
        {
            return null;
        }

        // The mask: scores = scaled + (1 − mask) · c.
        string? mask = null;
        if (graph.Writer(scores, "Add") is { } addMask)
        {
            foreach (var (scaledSide, maskSide) in new[] { (addMask.Inputs[0], addMask.Inputs[1]), (addMask.Inputs[1], addMask.Inputs[0]) })
            {
                if (MaskInput(graph, maskSide) is { } m && (graph.Writer(scaledSide, "Div") ?? graph.Writer(scaledSide, "Mul")) is not null)
                {
                    (mask, scores) = (m, scaledSide);
                    break;
                }
            }
        }

        if (mask is null)
        {
            return null;
        }

        var scale = graph.Writer(scores, "Div") ?? graph.Writer(scores, "Mul");
        if (scale is null || graph.Scalar(scale.Inputs[1]) is not { } factor || graph.Writer(scale.Inputs[0], "MatMul") is not { } qk)
        {
            return null;
        }

        if (Head(graph, qk.Inputs[0], [0, 2, 1, 3]) is not var (q, heads, depth) || Head(graph, qk.Inputs[1], [0, 2, 3, 1]) is not var (k, headsK, _) || headsK != heads)
        {
            return null;
        }

        var expected = scale.OpType == "Div" ? Math.Sqrt(depth) : 1 / Math.Sqrt(depth);
        if (Math.Abs(factor - expected) > 1e-3 * expected)
        {
            return null;
        }

        if (graph.SoleReader(softmax.Output, "MatMul") is not { } context || context.Inputs[0] != softmax.Output
            || Head(graph, context.Inputs[1], [0, 2, 1, 3]) is not var (v, headsV, _) || headsV != heads
            || graph.SoleReader(context.Output, "Transpose") is not { } back || !Perm(back, [0, 2, 1, 3])
            || graph.SoleReader(back.Output, "Reshape") is not { } merge || graph.Value(merge.Output).Rank != 3)
        {
            return null;
        }

        var x = q.Inputs[0];
        return k.Inputs[0] == x && v.Inputs[0] == x && new[] { q, k, v }.All(d => d.Inputs.Count == 3)
            ? new Found(q, k, v, mask, heads, merge.Output, softmax.Name)
            : null;
    }

    /// <summary>A dense layer's output reshaped to [N,S,heads,d] and transposed by <paramref name="perm"/>.</summary>
    private static (OnnxNode Dense, int Heads, int Depth)? Head(FusionGraph graph, string value, int[] perm)
    {
        if (graph.Writer(value, "Transpose") is not { } transpose || !Perm(transpose, perm)
            || graph.Writer(transpose.Inputs[0], "Reshape") is not { } split || graph.Writer(split.Inputs[0], FusedOps.Dense) is not { } dense)
        {
            return null;
        }

        var shape = graph.Value(split.Output).Shape;
        return shape.Length == 4 && shape[2] * shape[3] == graph.Value(dense.Output).Shape[^1] ? (dense, shape[2], shape[3]) : null;
    }

    /// <summary>The graph input behind (1 − Cast(Unsqueeze(Unsqueeze(mask)))) · c, with c ≤ −10⁴, or null.</summary>
    private static string? MaskInput(FusionGraph graph, string value)
    {
        if (graph.Writer(value, "Mul") is not { } mul)
        {
            return null;
        }

        var (term, c) = graph.Scalar(mul.Inputs[1]) is { } c1 ? (mul.Inputs[0], c1) : graph.Scalar(mul.Inputs[0]) is { } c0 ? (mul.Inputs[1], c0) : (null, 0.0);
        if (term is null || c > -1e4 || graph.Writer(term, "Sub") is not { } sub || graph.Scalar(sub.Inputs[0]) != 1)
        {
            return null;
        }

        var source = sub.Inputs[1];
        while ((graph.Writer(source, "Cast") ?? graph.Writer(source, "Unsqueeze") ?? graph.Writer(source, "Reshape")) is { } step)
        {
            source = step.Inputs[0];
        }

        return graph.IsGraphInput(source) && graph.Value(source).Rank == 2 ? source : null;
    }

    private static bool Perm(OnnxNode transpose, int[] perm) => transpose.Ints("perm") is { } p && p.Select(x => (int)x).SequenceEqual(perm);

    private static void Rewrite(FusionGraph graph, Found found)
    {
        var parts = new[] { found.Q, found.K, found.V };
        var width = graph.Value(found.Q.Output).Shape[^1];
        var depth = graph.Value(found.Q.Inputs[0]).Shape[^1];
        var weights = Tensor.Zeros(DataType.Float32, depth, 3 * width);
        var bias = Tensor.Zeros(DataType.Float32, 3 * width);
        for (var p = 0; p < 3; p++)
        {
            var w = graph.Constant(parts[p].Inputs[1])!.AsSpan<float>();
            for (var r = 0; r < depth; r++)
            {
                w.Slice(r * width, width).CopyTo(weights.AsSpan<float>().Slice(r * 3 * width + p * width, width));
            }

            graph.Constant(parts[p].Inputs[2])!.AsSpan<float>().CopyTo(bias.AsSpan<float>().Slice(p * width, width));
        }

        var name = found.Name;
        var qkv = $"{name}/qkv";
        var x = found.Q.Inputs[0];
        graph.Describe(qkv, new OnnxValue([.. graph.Value(x).Shape[..^1], 3 * width], DataType.Float32));
        var dense = new OnnxNode(qkv, FusedOps.Dense, [x, graph.AddConstant($"{qkv}/kernel", weights), graph.AddConstant($"{qkv}/bias", bias)], [qkv],
            new Dictionary<string, object>(StringComparer.Ordinal));
        var attention = new OnnxNode(name, FusedOps.Attention, [qkv, found.Mask], [found.Output],
            new Dictionary<string, object>(StringComparer.Ordinal) { ["heads"] = (long)found.Heads });
        graph.Replace(attention, dense);
    }
}

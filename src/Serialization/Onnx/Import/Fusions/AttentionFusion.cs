using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// BERT-style self-attention as PyTorch exports it becomes one fused Q|K|V dense layer and one attention node:
/// Q, K and V are three dense layers of the same x, each reshaped to [N,S,heads,d] and transposed (K to [N,heads,d,S]);
/// the scores Q·Kᵀ are divided by √d (or multiplied by 1/√d), an additive mask (1 − mask) · c with c ≤ −10⁴ is added,
/// a softmax over the last axis weights V, and the context is transposed back and reshaped to [N,S,H]. Our kernel masks
/// with −10000, which gives the same weights as any c ≤ −10⁴ (both underflow to zero). Q, K and V may also come as
/// one dense layer of width 3H split into three equal parts on its last axis (as our own exporter writes it): that dense
/// layer is already the fused one.
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

    /// <summary>The matched pattern: Q, K and V are three dense layers, or one and the same dense layer split in three.</summary>
    private sealed record Found(OnnxNode Q, OnnxNode K, OnnxNode V, string Mask, int Heads, string Output, string Name)
    {
        public bool Split => ReferenceEquals(Q, K);
    }

    /// <summary>Where a head's values come from: a dense layer, or part <see cref="Part"/> of three equal ones of a split dense layer.</summary>
    private readonly record struct HeadSource(OnnxNode Dense, int Part, int Heads, int Depth);

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

        if (Head(graph, qk.Inputs[0], [0, 2, 1, 3]) is not { } q || Head(graph, qk.Inputs[1], [0, 2, 3, 1]) is not { } k || k.Heads != q.Heads)
        {
            return null;
        }

        var expected = scale.OpType == "Div" ? Math.Sqrt(q.Depth) : 1 / Math.Sqrt(q.Depth);
        if (Math.Abs(factor - expected) > 1e-3 * expected)
        {
            return null;
        }

        if (graph.SoleReader(softmax.Output, "MatMul") is not { } context || context.Inputs[0] != softmax.Output
            || Head(graph, context.Inputs[1], [0, 2, 1, 3]) is not { } v || v.Heads != q.Heads
            || graph.SoleReader(context.Output, "Transpose") is not { } back || !Perm(back, [0, 2, 1, 3])
            || graph.SoleReader(back.Output, "Reshape") is not { } merge || graph.Value(merge.Output).Rank != 3)
        {
            return null;
        }

        var threeLayers = q.Part < 0 && k.Part < 0 && v.Part < 0 && k.Dense.Inputs[0] == q.Dense.Inputs[0] && v.Dense.Inputs[0] == q.Dense.Inputs[0];
        var oneSplit = (q.Part, k.Part, v.Part) == (0, 1, 2) && ReferenceEquals(q.Dense, k.Dense) && ReferenceEquals(q.Dense, v.Dense);
        return (threeLayers || oneSplit) && new[] { q, k, v }.All(d => d.Dense.Inputs.Count == 3)
            ? new Found(q.Dense, k.Dense, v.Dense, mask, q.Heads, merge.Output, softmax.Name)
            : null;
    }

    /// <summary>
    /// A dense layer's output (or one of three equal parts of it, split on the last axis) reshaped to [N,S,heads,d] and
    /// transposed by <paramref name="perm"/>.
    /// </summary>
    private static HeadSource? Head(FusionGraph graph, string value, int[] perm)
    {
        if (graph.Writer(value, "Transpose") is not { } transpose || !Perm(transpose, perm)
            || graph.Writer(transpose.Inputs[0], "Reshape") is not { } heads)
        {
            return null;
        }

        var source = heads.Inputs[0];
        var part = -1;
        if (graph.Writer(source, "Split") is { } split)
        {
            var width = graph.Value(split.Inputs[0]).Shape[^1];
            var rank = graph.Value(split.Inputs[0]).Rank;
            if (split.Outputs.Count != 3 || split.Int("axis", 0) is var axis && axis != -1 && axis != rank - 1
                || split.Outputs.Any(o => graph.Value(o).Shape[^1] * 3 != width))
            {
                return null;
            }

            part = split.Outputs.ToList().IndexOf(source);
            source = split.Inputs[0];
        }

        if (graph.Writer(source, FusedOps.Dense) is not { } dense)
        {
            return null;
        }

        var shape = graph.Value(heads.Output).Shape;
        return shape.Length == 4 && shape[2] * shape[3] == graph.Value(heads.Inputs[0]).Shape[^1] ? new HeadSource(dense, part, shape[2], shape[3]) : null;
    }

    /// <summary>
    /// The graph input behind (1 − Cast(Unsqueeze(Unsqueeze(mask)))) · c, with c ≤ −10⁴ (PyTorch's order), or behind
    /// that term over the mask as it is, reshaped to [N,1,1,S] afterwards (ours), or null.
    /// </summary>
    private static string? MaskInput(FusionGraph graph, string value)
    {
        while ((graph.Writer(value, "Reshape") ?? graph.Writer(value, "Unsqueeze")) is { } step)
        {
            value = step.Inputs[0];
        }

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
        // A split dense layer is the Q|K|V layer already; three layers become one.
        OnnxNode[] before = found.Split ? [] : [MergedDense(graph, found)];
        var qkv = found.Split ? found.Q.Output : before[0].Output;
        var attention = new OnnxNode(found.Name, FusedOps.Attention, [qkv, found.Mask], [found.Output],
            new Dictionary<string, object>(StringComparer.Ordinal) { ["heads"] = (long)found.Heads });
        graph.Replace(attention, before);
    }

    /// <summary>One dense layer of width 3H whose weights and bias are Q's, K's and V's side by side.</summary>
    private static OnnxNode MergedDense(FusionGraph graph, Found found)
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

        var qkv = $"{found.Name}/qkv";
        var x = found.Q.Inputs[0];
        graph.Describe(qkv, new OnnxValue([.. graph.Value(x).Shape[..^1], 3 * width], DataType.Float32));
        return new OnnxNode(qkv, FusedOps.Dense, [x, graph.AddConstant($"{qkv}/kernel", weights), graph.AddConstant($"{qkv}/bias", bias)], [qkv],
            new Dictionary<string, object>(StringComparer.Ordinal));
    }
}

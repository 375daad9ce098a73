namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// One round of <see cref="ProfileProbe"/> samples (ms): one core alone (core 0), two cores, and one core beside a busy
/// neighbour (both cores' instances pooled; empty on a one-core machine).
/// </summary>
public sealed record ProbeBlock(double[] OneCoreMs, double[] TwoCoresMs, double[] SharedMs)
{
    /// <summary>Several blocks as one.</summary>
    public static ProbeBlock Concat(IEnumerable<ProbeBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var list = blocks.ToList();
        return new ProbeBlock([.. list.SelectMany(b => b.OneCoreMs)], [.. list.SelectMany(b => b.TwoCoresMs)], [.. list.SelectMany(b => b.SharedMs)]);
    }
}

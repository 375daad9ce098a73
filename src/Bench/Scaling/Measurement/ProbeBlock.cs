namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// One round of <see cref="ProfileProbe"/> samples (ms): one core alone (core 0), two cores, and one core beside a busy
/// neighbour, per core (<see cref="SharedPerCoreMs"/>[c] on core c; none on a one-core machine).
/// </summary>
public sealed record ProbeBlock(double[] OneCoreMs, double[] TwoCoresMs, double[][] SharedPerCoreMs)
{
    /// <summary>The shared samples of every core, pooled.</summary>
    public double[] SharedMs => [.. SharedPerCoreMs.SelectMany(c => c)];

    /// <summary>Several blocks as one.</summary>
    public static ProbeBlock Concat(IEnumerable<ProbeBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var list = blocks.ToList();
        var cores = list.Count == 0 ? 0 : list.Max(b => b.SharedPerCoreMs.Length);
        return new ProbeBlock(
            [.. list.SelectMany(b => b.OneCoreMs)],
            [.. list.SelectMany(b => b.TwoCoresMs)],
            [.. Enumerable.Range(0, cores).Select(c => list.Where(b => c < b.SharedPerCoreMs.Length).SelectMany(b => b.SharedPerCoreMs[c]).ToArray())]);
    }
}

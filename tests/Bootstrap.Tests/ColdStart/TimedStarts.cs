namespace Toolkit.Bootstrap.Tests.ColdStart;

/// <summary>
/// Tests that bound the time between a real start's marks run alone, after the parallel ones: a BERT cross-check running
/// beside them on a 2-core machine stretched a JIT response path by half a second.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedStarts
{
    public const string Name = "timed starts";
}

namespace Toolkit.Bootstrap.Tests.Hosts;

/// <summary>
/// Tests that push tens of MiB through loopback: they run alone, so that their load does not stretch the timings that
/// other tests check (the protocol phases add up within 2 ms).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BulkTransfers
{
    public const string Name = "Bulk transfers";
}

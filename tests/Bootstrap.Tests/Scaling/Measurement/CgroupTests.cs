namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

/// <summary>
/// The tests that create cgroups under this process's id run one after another, so a test that checks the groups are
/// gone does not see another test's groups, and quota timings do not compete with bootstrap processes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CgroupTests
{
    public const string Name = "cgroups";
}

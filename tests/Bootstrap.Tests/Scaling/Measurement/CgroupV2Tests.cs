using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

/// <summary>
/// The cgroup v2 writer against a temporary directory laid out as the unified hierarchy's root (this machine mounts
/// cgroup v1, whose real quota is tested in <see cref="CpuQuotaRunnerTests"/>): what it writes, where, and its removal.
/// </summary>
public sealed class CgroupV2Tests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cgroup-v2-").FullName;

    public CgroupV2Tests()
    {
        File.WriteAllText(Path.Combine(root, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), "");
        File.WriteAllText(Path.Combine(root, "cgroup.procs"), "");
    }

    [Fact]
    public void A_unified_root_is_told_from_a_v1_layout()
    {
        Assert.True(CpuLimitGroup.IsUnifiedHierarchy(root));
        var v1 = Directory.CreateDirectory(Path.Combine(root, "v1-layout", "cpu")).Parent!.FullName;
        Assert.False(CpuLimitGroup.IsUnifiedHierarchy(v1));
    }

    [Fact]
    public void A_quota_on_pinned_cores_writes_cpu_max_cpuset_and_enables_the_controllers()
    {
        using var group = CpuLimitGroup.Create(new CpuLimit(0.5, [0, 1]), root);

        Assert.True(group.IsV2);
        var directory = Assert.Single(group.Directories);
        Assert.Equal(root, Path.GetDirectoryName(directory));
        Assert.StartsWith($"toolkit-scaling-{Environment.ProcessId}-", Path.GetFileName(directory), StringComparison.Ordinal);
        Assert.Equal("50000 100000", File.ReadAllText(Path.Combine(directory, "cpu.max")));
        Assert.Equal("0,1", File.ReadAllText(Path.Combine(directory, "cpuset.cpus")));
        Assert.Equal("10000", File.ReadAllText(Path.Combine(directory, "cpu.weight")));
        Assert.Equal("+cpu\n+cpuset\n", File.ReadAllText(Path.Combine(root, "cgroup.subtree_control")));
        Assert.Equal(["sh", "-c", $"echo $$ > {Path.Combine(directory, "cgroup.procs")} && exec \"$@\"", "sh"], group.Launcher);
        RemoveFakeFiles(directory);
    }

    [Fact]
    public void Pinning_alone_leaves_the_quota_at_max_and_enabled_controllers_are_not_enabled_twice()
    {
        File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), "cpu\n");
        using var group = CpuLimitGroup.Create(CpuLimit.Pinned([0]), root);

        var directory = Assert.Single(group.Directories);
        Assert.Equal("max 100000", File.ReadAllText(Path.Combine(directory, "cpu.max")));
        Assert.Equal("0", File.ReadAllText(Path.Combine(directory, "cpuset.cpus")));
        Assert.Equal("cpu\n+cpuset\n", File.ReadAllText(Path.Combine(root, "cgroup.subtree_control")));
        RemoveFakeFiles(directory);
    }

    [Fact]
    public void A_quota_without_pinning_needs_no_cpuset()
    {
        File.WriteAllText(Path.Combine(root, "cgroup.controllers"), "cpu memory pids\n");
        using var group = CpuLimitGroup.Create(CpuLimit.Quota(1.5), root);

        var directory = Assert.Single(group.Directories);
        Assert.Equal("150000 100000", File.ReadAllText(Path.Combine(directory, "cpu.max")));
        Assert.False(File.Exists(Path.Combine(directory, "cpuset.cpus")));
        RemoveFakeFiles(directory);
    }

    [Fact]
    public void A_missing_controller_is_named()
    {
        File.WriteAllText(Path.Combine(root, "cgroup.controllers"), "cpu memory pids\n");

        var error = Assert.Throws<CpuLimitUnavailableException>(() => CpuLimitGroup.Create(CpuLimit.Pinned([0]), root));

        Assert.Contains("'cpuset'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(root));
    }

    [Fact]
    public void Dispose_removes_the_group()
    {
        var group = CpuLimitGroup.Create(CpuLimit.Quota(0.25), root);
        var directory = Assert.Single(group.Directories);
        Assert.Equal("25000 100000", File.ReadAllText(Path.Combine(directory, "cpu.max")));

        RemoveFakeFiles(directory);
        group.Dispose();

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void The_harness_joins_a_group_of_the_instances_weight_and_returns_to_the_root()
    {
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var weight = HarnessWeight.Raise(root);

        var directory = weight.Directory!;
        Assert.Equal(root, Path.GetDirectoryName(directory));
        Assert.Equal("10000", File.ReadAllText(Path.Combine(directory, "cpu.weight")));
        Assert.Equal("max 100000", File.ReadAllText(Path.Combine(directory, "cpu.max")));
        Assert.Equal(pid, File.ReadAllText(Path.Combine(directory, "cgroup.procs")));

        RemoveFakeFiles(directory);
        weight.Dispose();

        Assert.Equal(pid, File.ReadAllText(Path.Combine(root, "cgroup.procs")));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Without_a_writable_hierarchy_the_harness_stays_where_it_is()
    {
        File.Delete(Path.Combine(root, "cgroup.subtree_control"));

        using var weight = HarnessWeight.Raise(root);

        Assert.Null(weight.Directory);
        Assert.Empty(Directory.GetDirectories(root));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A real cgroup directory is removed with its interface files; a temporary one needs them gone first.</summary>
    private static void RemoveFakeFiles(string directory)
    {
        foreach (var file in Directory.GetFiles(directory))
        {
            File.Delete(file);
        }
    }
}

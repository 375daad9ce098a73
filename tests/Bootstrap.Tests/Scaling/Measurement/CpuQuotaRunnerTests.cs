using Toolkit.Bench.Scaling.Measurement;

namespace Toolkit.Bootstrap.Tests.Scaling.Measurement;

/// <summary>The CPU-quota runner against the real cgroup controllers of this machine (root, cgroup v1).</summary>
[Collection(CgroupTests.Name)]
public class CpuQuotaRunnerTests
{
    // A shell counting loop: pure CPU, no I/O, about half a second on one core of the build machine.
    private static readonly string[] Loop = ["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"];

    [Fact]
    public async Task A_loop_at_half_a_core_takes_about_twice_as_long_as_at_one_core()
    {
        var full = new List<double>();
        var half = new List<double>();
        long throttled = 0;
        // Alternating, so drifting load on the shared machine weighs on both quotas alike; the fastest run of each is
        // the one least disturbed.
        for (var round = 0; round < 3; round++)
        {
            full.Add((await CpuQuotaRunner.RunAsync(new CpuLimit(1.0, [1]), "sh", Loop, CancellationToken.None)).ElapsedMs);
            var run = await CpuQuotaRunner.RunAsync(new CpuLimit(0.5, [1]), "sh", Loop, CancellationToken.None);
            half.Add(run.ElapsedMs);
            throttled += run.ThrottledPeriods;
        }

        // Generous bounds: the quota is enforced per 100 ms period, and the machine is shared.
        Assert.InRange(half.Min() / full.Min(), 1.5, 3.0);
        Assert.True(throttled > 0, "The kernel should report throttled periods for the half-core runs.");
    }

    [Fact]
    public async Task The_groups_are_removed_afterwards()
    {
        await CpuQuotaRunner.RunAsync(new CpuLimit(0.5, [0]), "true", [], CancellationToken.None);

        foreach (var controller in new[] { "cpu", "cpuset" })
        {
            var left = Directory.GetDirectories(Path.Combine(CpuLimitGroup.CgroupRoot, controller), $"toolkit-scaling-{Environment.ProcessId}-*");
            Assert.Empty(left);
        }
    }

    [Fact]
    public void The_harness_joins_a_cpu_group_of_the_instances_weight_and_leaves_it()
    {
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string directory;
        using (var weight = HarnessWeight.Raise())
        {
            directory = weight.Directory!;
            Assert.Equal(CpuLimitGroup.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(directory, "cpu.shares")).Trim());
            Assert.Contains(pid, File.ReadAllLines(Path.Combine(directory, "cgroup.procs")));
        }

        Assert.False(Directory.Exists(directory));
        Assert.Contains(pid, File.ReadAllLines(Path.Combine(CpuLimitGroup.CgroupRoot, "cpu", "cgroup.procs")));
    }

    [Fact]
    public void A_quota_must_be_positive()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CpuLimit.Quota(0));
        Assert.Contains("received 0", error.Message, StringComparison.Ordinal);
    }
}

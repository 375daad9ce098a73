using Toolkit.Bench.Scaling.Pricing;
using Toolkit.Bench.Scaling.Simulation;

namespace Toolkit.Bench.Scaling.Advisor.Internal;

/// <summary>A configuration to simulate: its fleet, its cold start, and how its platform bills a simulated run.</summary>
internal sealed record PlannedCandidate(
    string Config,
    CandidateSettings Settings,
    ClusterConfig Cluster,
    IServiceTimeDistribution ServiceTime,
    double ColdStartMs,
    Func<SimulationResult, Bill> Bill);

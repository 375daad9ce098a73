namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>
/// What the simulator needs from this machine for one model: warm service times (one request at a time, client to
/// response) of an instance pinned to one core with one thread and to two cores with two, and fresh-process cold starts
/// on one core (spawn to first response).
/// </summary>
public sealed record MeasuredProfile(string Model, IReadOnlyList<double> ServiceMsOneCore, IReadOnlyList<double> ServiceMsTwoCores, IReadOnlyList<double> ColdStartMs);

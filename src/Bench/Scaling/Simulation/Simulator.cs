using Toolkit.Bench.Scaling.Simulation.Internal;

namespace Toolkit.Bench.Scaling.Simulation;

/// <summary>
/// A discrete-event simulation of a dispatcher in front of a fleet of instances, deterministic for a seed.
/// <list type="bullet">
/// <item>The dispatcher gives each arriving request to an instance with a free concurrency slot (<see cref="RoutingPolicy"/>);
/// when every slot is taken it queues the request FIFO or rejects it (<see cref="OverflowPolicy"/>).</item>
/// <item>An instance runs one inference at a time (the bootstrap's engine lock; the engine uses all the instance's cores),
/// so its admitted requests queue FIFO for the engine; each inference takes a draw from the service-time distribution.</item>
/// <item>An instance that has not started begins its cold start when it is given its first request, and runs nothing
/// until the cold start has passed; instances listed as warm are ready at t = 0.</item>
/// </list>
/// </summary>
public static class Simulator
{
    /// <summary>Simulates <paramref name="profile"/>'s model on <paramref name="config"/>: service times for its cores, its cold start.</summary>
    public static SimulationResult Run(ClusterConfig config, ArrivalPattern arrivals, ServiceProfile profile, int seed = 1) =>
        Run(config, arrivals, profile.ServiceTimeAt(config.CoresPerInstance), profile.ColdStartMs, seed);

    public static SimulationResult Run(ClusterConfig config, ArrivalPattern arrivals, IServiceTimeDistribution serviceTime, double coldStartMs, int seed = 1) =>
        Run(config, arrivals, [serviceTime], coldStartMs, seed);

    /// <summary>
    /// Instance i draws its service times from <paramref name="serviceTimes"/>[i mod count]: instances whose speed
    /// differs (cores of a shared machine, each slowed by its own neighbours) keep their speed for the whole run,
    /// where one pooled distribution would give every request an average core.
    /// </summary>
    public static SimulationResult Run(ClusterConfig config, ArrivalPattern arrivals, IReadOnlyList<IServiceTimeDistribution> serviceTimes, double coldStartMs, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(serviceTimes);
        ArgumentOutOfRangeException.ThrowIfZero(serviceTimes.Count);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(coldStartMs);
        var random = new Random(seed);
        var arrivalTimes = arrivals.ArrivalTimesMs(random);
        var run = new SimulationRun(config, serviceTimes, coldStartMs, random, arrivalTimes);
        return run.Execute(arrivals);
    }

    /// <summary>The state of one simulation; events are (time, sequence) ordered so ties resolve in scheduling order.</summary>
    private sealed class SimulationRun
    {
        private readonly ClusterConfig config;
        private readonly IReadOnlyList<IServiceTimeDistribution> serviceTimes;
        private readonly double coldStartMs;
        private readonly Random random;
        private readonly List<double> arrivalTimes;
        private readonly SimulatedRequest[] requests;
        private readonly InstanceState[] instances;
        private readonly Queue<int> dispatcherQueue = new();
        private readonly PriorityQueue<Event, (double TimeMs, long Sequence)> events = new();
        private readonly List<BusyInterval> busy = [];
        private long sequence;

        public SimulationRun(ClusterConfig config, IReadOnlyList<IServiceTimeDistribution> serviceTimes, double coldStartMs, Random random, List<double> arrivalTimes)
        {
            this.config = config;
            this.serviceTimes = serviceTimes;
            this.coldStartMs = coldStartMs;
            this.random = random;
            this.arrivalTimes = arrivalTimes;
            requests = new SimulatedRequest[arrivalTimes.Count];
            instances = [.. Enumerable.Range(0, config.Instances).Select(i => new InstanceState(i))];
            foreach (var warm in instances.Take(config.WarmInstances))
            {
                warm.Started = warm.Ready = true;
            }
        }

        private enum Kind
        {
            Arrival,
            Ready,
            Done,
        }

        public SimulationResult Execute(ArrivalPattern arrivals)
        {
            for (var i = 0; i < arrivalTimes.Count; i++)
            {
                requests[i] = new SimulatedRequest(arrivalTimes[i], double.NaN, double.NaN, double.NaN, -1, 0, 0);
                Schedule(arrivalTimes[i], Kind.Arrival, i);
            }

            while (events.TryDequeue(out var next, out var key))
            {
                var now = key.TimeMs;
                switch (next.Kind)
                {
                    case Kind.Arrival:
                        OnArrival(next.Target, now);
                        break;
                    case Kind.Ready:
                        instances[next.Target].Ready = true;
                        TryStartService(instances[next.Target], now);
                        break;
                    case Kind.Done:
                        OnDone(instances[next.Target], now);
                        break;
                }
            }

            foreach (var instance in instances.Where(i => !double.IsNaN(i.IdleSinceMs)))
            {
                CloseInterval(instance);
            }

            var lifetimes = instances.Where(i => i.Started && !double.IsNaN(i.StartedAtMs) && i.LastEndMs > 0)
                .Select(i => i.LastEndMs - i.StartedAtMs).ToArray();
            return new SimulationResult(config, arrivals, requests, [.. busy], lifetimes);
        }

        private void CloseInterval(InstanceState instance)
        {
            busy.Add(new BusyInterval(instance.Index, instance.BusySinceMs, instance.IdleSinceMs));
            instance.BusySinceMs = instance.IdleSinceMs = double.NaN;
        }

        private void Schedule(double timeMs, Kind kind, int target) => events.Enqueue(new Event(kind, target), (timeMs, sequence++));

        private void OnArrival(int request, double now)
        {
            if (dispatcherQueue.Count == 0 && Route() is { } instance)
            {
                Admit(instance, request, now);
            }
            else if (config.Overflow == OverflowPolicy.QueueAtDispatcher)
            {
                dispatcherQueue.Enqueue(request);
            }

            // Rejected requests keep Instance = -1 and NaN times.
        }

        private InstanceState? Route()
        {
            InstanceState? best = null;
            foreach (var candidate in instances)
            {
                if (candidate.InFlight >= config.ConcurrencyPerInstance)
                {
                    continue;
                }

                if (best is null || Better(candidate, best))
                {
                    best = candidate;
                }
            }

            return best;
        }

        private bool Better(InstanceState candidate, InstanceState best)
        {
            if (config.Routing == RoutingPolicy.FillFirst && candidate.Started != best.Started)
            {
                return candidate.Started;
            }

            return candidate.InFlight < best.InFlight;
        }

        private void Admit(InstanceState instance, int request, double now)
        {
            var cold = 0.0;
            if (!instance.Started)
            {
                instance.Started = true;
                instance.StartedAtMs = now;
                cold = coldStartMs;
                Schedule(now + coldStartMs, Kind.Ready, instance.Index);
            }
            else if (double.IsNaN(instance.StartedAtMs))
            {
                instance.StartedAtMs = now;
            }

            if (instance.InFlight++ == 0)
            {
                if (!double.IsNaN(instance.IdleSinceMs) && now > instance.IdleSinceMs)
                {
                    CloseInterval(instance);
                }

                instance.IdleSinceMs = double.NaN;
                if (double.IsNaN(instance.BusySinceMs))
                {
                    instance.BusySinceMs = now;
                }
            }

            requests[request] = requests[request] with { AdmittedMs = now, Instance = instance.Index, ColdStartMs = cold };
            instance.EngineQueue.Enqueue(request);
            TryStartService(instance, now);
        }

        private void TryStartService(InstanceState instance, double now)
        {
            if (!instance.Ready || instance.EngineBusy || !instance.EngineQueue.TryDequeue(out var request))
            {
                return;
            }

            instance.EngineBusy = true;
            var serviceMs = serviceTimes[instance.Index % serviceTimes.Count].SampleMs(random);
            requests[request] = requests[request] with { ServiceStartMs = now, ServiceMs = serviceMs, EndMs = now + serviceMs };
            Schedule(now + serviceMs, Kind.Done, instance.Index);
        }

        private void OnDone(InstanceState instance, double now)
        {
            instance.EngineBusy = false;
            instance.LastEndMs = now;
            if (--instance.InFlight == 0)
            {
                instance.IdleSinceMs = now;
            }

            while (dispatcherQueue.Count > 0 && Route() is { } free)
            {
                Admit(free, dispatcherQueue.Dequeue(), now);
            }

            TryStartService(instance, now);
        }

        private readonly record struct Event(Kind Kind, int Target);
    }
}

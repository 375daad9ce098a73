namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>What a platform would charge for a set of requests, split by meter (USD).</summary>
public sealed record Bill(double ComputeUsd, double RequestsUsd, double DataUsd, long Requests)
{
    public double TotalUsd => ComputeUsd + RequestsUsd + DataUsd;

    /// <summary>The bill scaled to one million requests of the same kind (0 for no requests).</summary>
    public double PerMillionRequestsUsd => Requests == 0 ? 0 : TotalUsd / Requests * 1e6;
}

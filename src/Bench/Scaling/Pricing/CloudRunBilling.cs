namespace Toolkit.Bench.Scaling.Pricing;

/// <summary>Cloud Run's two billing settings.</summary>
public enum CloudRunBilling
{
    /// <summary>"CPU only allocated during request processing": billed while an instance starts or has a request in flight, plus a per-request fee.</summary>
    Request,

    /// <summary>"CPU always allocated": billed for each instance's whole life, no per-request fee.</summary>
    Instance,
}

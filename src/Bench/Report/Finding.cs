namespace Toolkit.Bench.Report;

/// <summary>Whether this machine's numbers back one of the paper's findings.</summary>
public enum Verdict
{
    Confirmed,
    NotConfirmed,
    NotMeasured,
}

/// <summary>
/// One of the paper's findings in one sentence, the verdict computed from a results file, and the numbers that
/// decided it.
/// </summary>
public sealed record Finding(string Key, string Claim, Verdict Verdict, string Evidence)
{
    public string VerdictText => Verdict switch
    {
        Verdict.Confirmed => "confirmed",
        Verdict.NotConfirmed => "not confirmed",
        _ => "not measured on this machine",
    };
}

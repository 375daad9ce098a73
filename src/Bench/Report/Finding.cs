namespace Toolkit.Bench.Report;

/// <summary>Whether this machine's numbers back one of the paper's findings.</summary>
public enum Verdict
{
    Confirmed,
    NotConfirmed,
    NotMeasured,

    /// <summary>Two engines measured the same claim and came out differently; the evidence names each.</summary>
    EnginesDisagree,
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
        Verdict.EnginesDisagree => "engines disagree",
        _ => "not measured on this machine",
    };
}

using System.Globalization;

namespace Toolkit.Bench.Report.Internal;

/// <summary>Invariant number formats for the report, so a report reads the same on any locale.</summary>
internal static class Numbers
{
    /// <summary>Three significant figures at most, without exponents for the magnitudes a report shows; "–" for null.</summary>
    public static string Sig(double? value)
    {
        if (value is not { } v)
        {
            return "–";
        }

        var magnitude = Math.Abs(v);
        if (magnitude == 0)
        {
            return "0";
        }

        // Large values print whole; smaller ones keep three significant digits (two below 0.01) without an exponent.
        var digits = magnitude >= 100 ? 0 : magnitude >= 0.01 ? 2 - (int)Math.Floor(Math.Log10(magnitude)) : 1 - (int)Math.Floor(Math.Log10(magnitude));
        return v.ToString("F" + Math.Min(digits, 9).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>What the brackets after a median mean; written once under each table that shows one.</summary>
    public const string IntervalSentence = "A bracket after a median is its distribution-free 95% confidence interval: the order statistics whose ranks " +
                                           "bracket n/2 by 1.96·√n/2, given from six samples up.";

    /// <summary>A median with its 95% interval as "41.2 [39.8–43.0]"; the median alone when there is no interval.</summary>
    public static string SigWithInterval(double? median, (double Low, double High)? interval) =>
        interval is { } ci && median is not null ? $"{Sig(median)} [{Sig(ci.Low)}–{Sig(ci.High)}]" : Sig(median);

    public static string Fixed(double? value, int digits) =>
        value is { } v ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    /// <summary>A ratio as "1.23×".</summary>
    public static string Times(double? value) => value is { } v ? (Math.Abs(v) >= 10 ? Sig(v) : Fixed(v, 2)) + "×" : "–";

    public static string Percent(double? fraction) => fraction is { } f ? Fixed(100 * f, 0) + "%" : "–";

    public static string Int(double? value) => value is { } v ? Math.Round(v).ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>Milliseconds as "12.3 ms", or seconds once above ten seconds.</summary>
    public static string Duration(double? ms) => ms switch
    {
        null => "–",
        >= 10_000 => Fixed(ms / 1000, 1) + " s",
        _ => Sig(ms) + " ms",
    };
}

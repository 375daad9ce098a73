namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// A float32's shortest decimal, already as ASCII: the value is ±0.d1d2…dn × 10^<see cref="PointPosition"/>.
/// Computing these does not depend on where the text goes, so the array writer computes a block of them first
/// (independent work the CPU overlaps) and only then places the text, whose position depends on every earlier
/// value's length.
/// </summary>
/// <param name="Head">Digits 1 to 8 as ASCII, digit 1 in the low byte; positions past the significant digits hold '0'.</param>
/// <param name="Ninth">Digit 9 as ASCII.</param>
/// <param name="PointPosition">Where the decimal point goes, counted in digits from the left.</param>
/// <param name="SignificantDigits">n, 1 to 9: the digit count without trailing zeros.</param>
/// <param name="Sign">1 for a negative value (including -0), else 0.</param>
internal readonly record struct FloatDigits(ulong Head, byte Ninth, sbyte PointPosition, byte SignificantDigits, byte Sign);

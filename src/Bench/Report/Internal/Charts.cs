using ScottPlot;

namespace Toolkit.Bench.Report.Internal;

/// <summary>One series of bars: a name for the legend and one value per category (null leaves a gap).</summary>
internal sealed record BarSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>
/// One line of a line chart: a legend name, its points in x order, a palette slot (lines of one subject share a
/// colour) and whether it is dashed.
/// </summary>
internal sealed record LineSeries(string Name, IReadOnlyList<(double X, double Y)> Points, int ColorSlot, bool Dashed = false);

/// <summary>A vertical mark on a line chart's x axis, with its legend text.</summary>
internal sealed record XMark(double X, string Label);

/// <summary>The figure shapes the report uses (grouped and stacked bars, lines), drawn with ScottPlot and saved as PNG.</summary>
internal static class Charts
{
    // 1400 × 700 px reads at full width in a Markdown viewer and still fits a slide; the extra height leaves room for
    // rotated category labels under the axis.
    private const int WidthPx = 1400;
    private const int HeightPx = 700;

    // Steep enough that neighbouring labels of 30 characters do not overlap at 13 categories across 1400 px.
    private const float LabelTiltDegrees = 35;

    // Width of one character of a tick label at ScottPlot's default 12 px font, measured on the rendered figures.
    private const double CharacterWidthPx = 7;

    /// <summary>Bars side by side within each category, one colour per series.</summary>
    public static void Grouped(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var colors = SeriesColors(series);
        // Bars of one category fill 80% of the category's slot, so neighbouring groups stay apart.
        var barWidth = 0.8 / Math.Max(1, series.Count);
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            var color = colors[s];
            for (var c = 0; c < categories.Count; c++)
            {
                if (c < series[s].Values.Count && series[s].Values[c] is { } value)
                {
                    bars.Add(new Bar { Position = c - 0.4 + barWidth * (s + 0.5), Value = value, Size = barWidth * 0.95, FillColor = color, LineWidth = 0 });
                }
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = color });
        }

        Finish(plot, path, categories, bars);
    }

    /// <summary>One bar per category, its segments stacked bottom-up in series order.</summary>
    public static void Stacked(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> segments)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var colors = SeriesColors(segments);
        var bars = new List<Bar>();
        var tops = new double[categories.Count];
        for (var s = 0; s < segments.Count; s++)
        {
            var color = colors[s];
            for (var c = 0; c < categories.Count; c++)
            {
                if (c < segments[s].Values.Count && segments[s].Values[c] is { } value && value > 0)
                {
                    bars.Add(new Bar { Position = c, ValueBase = tops[c], Value = tops[c] + value, Size = 0.6, FillColor = color, LineWidth = 0 });
                    tops[c] += value;
                }
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = segments[s].Name, FillColor = color });
        }

        Finish(plot, path, categories, bars);
    }

    /// <summary>Lines with markers against a numeric x axis, and an optional vertical mark (dotted, grey).</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, XMark? mark = null)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var line in series.Where(s => s.Points.Count > 0))
        {
            var scatter = plot.Add.Scatter(line.Points.Select(p => p.X).ToArray(), line.Points.Select(p => p.Y).ToArray());
            scatter.LegendText = line.Name;
            scatter.Color = palette.GetColor(line.ColorSlot);
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;
            scatter.LinePattern = line.Dashed ? LinePattern.Dashed : LinePattern.Solid;
        }

        if (mark is not null)
        {
            var vertical = plot.Add.VerticalLine(mark.X);
            vertical.LegendText = mark.Label;
            vertical.Color = Colors.Gray;
            vertical.LinePattern = LinePattern.Dotted;
            vertical.LineWidth = 2;
        }

        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top * 1.1);
        // Outside the data area, so a legend never hides a point.
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, WidthPx, HeightPx);
    }

    /// <summary>
    /// One colour per series; ISA tiers and ONNX Runtime keep the same colour in every figure, so kernels.png and
    /// table3.png read alike, and TorchSharp's tiers take the palette's second half, so they never share a colour with
    /// ours. Other series take the palette in order.
    /// </summary>
    private static Color[] SeriesColors(IReadOnlyList<BarSeries> series)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var tiers = series.Select(s => TierSlot(s.Name)).ToArray();
        return tiers.All(t => t is not null)
            ? [.. tiers.Select(t => palette.GetColor(t!.Value))]
            : [.. series.Select((_, i) => palette.GetColor(i))];
    }

    private static int? TierSlot(string name) =>
        name.StartsWith("torchsharp ", StringComparison.Ordinal) ? TierSlot(name["torchsharp ".Length..]) + 5
        : name.Contains("onnx", StringComparison.OrdinalIgnoreCase) ? 4
        : name.EndsWith("avx512", StringComparison.Ordinal) ? 3
        : name.EndsWith("avx2", StringComparison.Ordinal) ? 2
        : name.EndsWith("vector128", StringComparison.Ordinal) ? 1
        : name.EndsWith("scalar", StringComparison.Ordinal) ? 0
        : null;

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void Finish(Plot plot, string path, IReadOnlyList<string> categories, List<Bar> bars)
    {
        plot.Add.Bars(bars);
        var ticks = categories.Select((label, i) => new Tick(i, label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        // Level labels while they fill at most 80% of their slot (the data area is about 1100 px wide, less with a
        // legend beside it, and the width per character is an estimate); tilted ones beyond that.
        var longest = categories.Count == 0 ? 0 : categories.Max(c => c.Length);
        if (longest * CharacterWidthPx > 0.8 * 1100.0 / Math.Max(1, categories.Count))
        {
            // Tilted up to the right and right-aligned, so each label ends under its bar instead of running off the edge.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -LabelTiltDegrees;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            var tilt = LabelTiltDegrees * Math.PI / 180;
            // Room below the axis for the longest tilted label, and left of the axis for the first one.
            plot.Axes.Bottom.MinimumSize = (float)Math.Min(320.0, 40 + (CharacterWidthPx * longest * Math.Sin(tilt)));
            // The first label starts about 0.6 of a category slot right of the data area's edge.
            var overhang = (CharacterWidthPx * categories[0].Length * Math.Cos(tilt)) - (0.6 * 1100.0 / categories.Count);
            plot.Axes.Left.MinimumSize = (float)Math.Clamp(overhang + 20, 0, 300);
        }

        plot.Axes.Margins(bottom: 0);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        // Outside the data area, so a legend never hides a bar.
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, WidthPx, HeightPx);
    }
}

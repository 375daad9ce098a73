using ScottPlot;

namespace Toolkit.Bench.Scaling.Measurement;

/// <summary>One bar series on the latency axis: a legend name and one value per category (null leaves a gap).</summary>
public sealed record LatencySeries(string Name, IReadOnlyList<double?> ValuesMs);

/// <summary>
/// The paper's Figures 4 and 5 shape: latency bars per configuration on the left axis and the cost per million
/// requests as a line with markers on the right axis, drawn with ScottPlot in the report's size and palette.
/// </summary>
public static class ScalingFigure
{
    // The report's figure size (Report/Internal/Charts.cs): reads at full width and fits a slide.
    private const int WidthPx = 1400;
    private const int HeightPx = 700;

    // Leaves a gap between neighbouring groups of bars, as the report's grouped charts do.
    private const double GroupWidth = 0.8;

    public static void Save(string path, string title, string xLabel, IReadOnlyList<string> categories, IReadOnlyList<LatencySeries> latencies, IReadOnlyList<double?> costPerMillionUsd)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(latencies);
        ArgumentNullException.ThrowIfNull(costPerMillionUsd);
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("latency (ms)");
        var palette = new ScottPlot.Palettes.Category10();
        var barWidth = GroupWidth / Math.Max(1, latencies.Count);
        var bars = new List<Bar>();
        for (var s = 0; s < latencies.Count; s++)
        {
            var color = palette.GetColor(s);
            for (var c = 0; c < categories.Count && c < latencies[s].ValuesMs.Count; c++)
            {
                if (latencies[s].ValuesMs[c] is { } value)
                {
                    bars.Add(new Bar { Position = c - (GroupWidth / 2) + (barWidth * (s + 0.5)), Value = value, Size = barWidth * 0.95, FillColor = color, LineWidth = 0 });
                }
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = latencies[s].Name, FillColor = color });
        }

        plot.Add.Bars(bars);
        var costPoints = costPerMillionUsd.Select((v, i) => (X: (double)i, Y: v)).Where(p => p.Y is not null).ToArray();
        if (costPoints.Length > 0)
        {
            var line = plot.Add.Scatter(costPoints.Select(p => p.X).ToArray(), costPoints.Select(p => p.Y!.Value).ToArray());
            line.Axes.YAxis = plot.Axes.Right;
            line.Color = Colors.Black;
            line.MarkerSize = 9;
            line.LineWidth = 2;
            plot.Axes.Right.Label.Text = "USD per million requests";
            plot.Axes.SetLimitsY(0, Math.Max(1e-6, costPoints.Max(p => p.Y!.Value)) * 1.15, plot.Axes.Right);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "cost per million requests (right axis)", LineColor = Colors.Black, LineWidth = 2, MarkerShape = MarkerShape.FilledCircle, MarkerColor = Colors.Black });
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. categories.Select((label, i) => new Tick(i, label))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        // Headroom above the tallest bar (and the cost line above) so neither runs into the title.
        var tallestMs = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
        plot.Axes.SetLimitsY(0, tallestMs * 1.15, plot.Axes.Left);
        plot.ShowLegend(Edge.Right);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, WidthPx, HeightPx);
        Console.WriteLine($"wrote {path}");
    }
}

using ScottPlot;

namespace Pytti.Pipeline.Media;

/// <summary>
/// The loss figure, drawn by ScottPlot: one line per loss term (legend: PyTTI's display names) and the
/// total, over the step axis with values on both axes; frame starts as dotted and scene starts as dashed
/// vertical lines; a log₁₀ loss axis where the positive values span two decades or more. The same figure
/// goes into <c>&lt;base&gt;_losses.png</c> and onto the preview page.
/// </summary>
public static class LossPlot
{
    public const string TotalName = "total";
    public const int DefaultWidth = 800;
    public const int DefaultHeight = 450;

    /// <summary>The plotting model: its legend, axes and plottables are what a test inspects.</summary>
    public static Plot Build(LossHistory history, string title = "Losses")
    {
        var plot = new Plot();
        var log = LossAxis.UsesLog(history);
        foreach (var name in history.TermNames())
            AddSeries(plot, name, history.Points.Select(p => (p.Step, p.Raw.TryGetValue(name, out var v) ? v : double.NaN)), log, 1.5f);
        AddSeries(plot, TotalName, history.Points.Select(p => (p.Step, p.Total)), log, 2.5f).Color = Colors.Black;
        Boundaries(plot, history);
        plot.Title(title);
        plot.XLabel("step");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.YLabel(log ? "loss (log scale)" : "loss");
        if (log) LossAxis.MakeLog(plot);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    public static byte[] Png(LossHistory history, int width = DefaultWidth, int height = DefaultHeight) =>
        Build(history).GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>Writes the figure as a PNG, atomically.</summary>
    public static void Write(string path, LossHistory history) => AtomicFile.WriteAllBytes(path, Png(history));

    private static ScottPlot.Plottables.Scatter AddSeries(Plot plot, string name, IEnumerable<(long Step, double Value)> points, bool log, float width)
    {
        var kept = points.Where(p => LossAxis.Plottable(p.Value, log)).ToList();
        var scatter = plot.Add.ScatterLine(kept.Select(p => (double)p.Step).ToArray(), kept.Select(p => log ? Math.Log10(p.Value) : p.Value).ToArray());
        scatter.LegendText = name;
        scatter.LineWidth = width;
        return scatter;
    }

    private static void Boundaries(Plot plot, LossHistory history)
    {
        var scenes = history.SceneStarts().ToHashSet();
        foreach (var step in history.FrameStarts().Where(s => !scenes.Contains(s)))
            Marker(plot, step, LinePattern.Dotted, Colors.Gray);
        foreach (var step in scenes)
            Marker(plot, step, LinePattern.Dashed, Colors.DarkRed);
    }

    private static void Marker(Plot plot, long step, LinePattern pattern, Color colour)
    {
        var line = plot.Add.VerticalLine(step - 0.5, 1, colour, pattern);
        line.ExcludeFromLegend = true;
    }
}

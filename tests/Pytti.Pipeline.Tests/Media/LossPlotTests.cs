using Pytti.Pipeline.Media;
using ScottPlot;

namespace Pytti.Pipeline.Tests.Media;

public sealed class LossPlotTests
{
    private static LossPoint Point(int step, int scene, int frame, double a, double b) =>
        new(step, scene, frame, new Dictionary<string, double> { ["a cat (direct)"] = a, ["palette"] = b }, a + b);

    /// <summary>Two scenes of two frames of two steps each; the terms differ by three decades.</summary>
    private static readonly LossHistory History = new(
    [
        Point(0, 0, 0, 0.9, 0.001), Point(1, 0, 0, 0.8, 0.002),
        Point(2, 0, 1, 0.7, 0.003), Point(3, 0, 1, 0.6, 0.004),
        Point(4, 1, 2, 0.5, 0.005), Point(5, 1, 2, 0.4, 0.006),
        Point(6, 1, 3, 0.3, 0.007), Point(7, 1, 3, 0.2, 0.008),
    ]);

    [Fact]
    public void The_legend_names_every_loss_term_and_the_total()
    {
        var plot = LossPlot.Build(History);
        Assert.Equal(["a cat (direct)", "palette", "total"], plot.Legend.GetItems().Select(i => i.LabelText));
        Assert.True(plot.Legend.IsVisible);
        Assert.Equal("step", plot.Axes.Bottom.Label.Text);
        Assert.Equal("Losses", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Frame_and_scene_starts_are_marked_by_vertical_lines()
    {
        var lines = LossPlot.Build(History).GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>().ToList();
        Assert.Equal([1.5, 3.5, 5.5], lines.Select(l => l.X).Order());
        Assert.Single(lines, l => l.LinePattern.Equals(LinePattern.Dashed));   // the scene start, step 4
        Assert.Equal(3.5, lines.Single(l => l.LinePattern.Equals(LinePattern.Dashed)).X);
    }

    [Fact]
    public void Values_spanning_decades_are_drawn_on_a_log_axis_labelled_with_the_values()
    {
        var plot = LossPlot.Build(History);
        Assert.Equal("loss (log scale)", plot.Axes.Left.Label.Text);
        var palette = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == "palette");
        Assert.Equal(Math.Log10(0.001), palette.Data.GetScatterPoints()[0].Y, 12);
        plot.GetImageBytes(LossPlot.DefaultWidth, LossPlot.DefaultHeight, ImageFormat.Png);   // ticks are laid out when drawn
        var ticks = plot.Axes.Left.TickGenerator.Ticks;
        Assert.Contains(ticks, t => t.IsMajor && t.Label == "0.01");
    }

    [Fact]
    public void Values_within_a_decade_stay_on_a_linear_axis()
    {
        var history = new LossHistory([Point(0, 0, 0, 2, 1), Point(1, 0, 0, 1.5, 1.2)]);
        var plot = LossPlot.Build(history);
        Assert.Equal("loss", plot.Axes.Left.Label.Text);
        var total = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == "total");
        Assert.Equal([3.0, 2.7], total.Data.GetScatterPoints().Select(p => Math.Round(p.Y, 12)));
    }

    [Fact]
    public void The_loss_log_reads_back_with_non_finite_values_and_the_png_decodes()
    {
        var history = LossHistory.FromLogLines(
        [
            (0, """{"step":0,"scene":0,"t":0,"losses":{"x":1.5,"y":"nan"},"total":1.5}"""),
            (1, """{"step":1,"scene":0,"t":0.5,"losses":{"x":"inf","y":2},"total":"inf"}"""),
        ]);
        Assert.Equal(["x", "y"], history.TermNames());
        Assert.True(double.IsNaN(history.Points[0].Raw["y"]));
        Assert.Equal(double.PositiveInfinity, history.Points[1].Total);
        Assert.Equal([1], history.FrameStarts());
        var dir = Directory.CreateTempSubdirectory("pytti-plot-");
        try
        {
            var path = Path.Combine(dir.FullName, "a_losses.png");
            LossPlot.Write(path, history);
            Assert.Equal((LossPlot.DefaultWidth, LossPlot.DefaultHeight), ImageFile.Probe(path));
        }
        finally { dir.Delete(recursive: true); }
    }
}

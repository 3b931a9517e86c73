using System.Globalization;
using ScottPlot;

namespace Pytti.Pipeline.Media;

/// <summary>When and how the loss axis is logarithmic: values are plotted as log₁₀ and ticks labelled with the values themselves.</summary>
public static class LossAxis
{
    /// <summary>Log scale when every finite value is positive and the largest is at least 100 times the smallest.</summary>
    public static bool UsesLog(LossHistory history)
    {
        var values = history.Points.SelectMany(p => p.Raw.Values.Append(p.Total)).Where(double.IsFinite).ToList();
        return values.Count > 1 && values.All(v => v > 0) && values.Max() / values.Min() >= 100;
    }

    public static bool Plottable(double value, bool log) => double.IsFinite(value) && (!log || value > 0);

    public static void MakeLog(Plot plot) => plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = exponent => Math.Pow(10, exponent).ToString("G3", CultureInfo.InvariantCulture),
    };
}

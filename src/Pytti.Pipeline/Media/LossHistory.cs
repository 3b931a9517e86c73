using System.Globalization;
using System.Text.Json;

namespace Pytti.Pipeline.Media;

/// <summary>One optimisation step's losses: the raw value of each term by its PyTTI display name, and the total.</summary>
public sealed record LossPoint(long Step, int Scene, long Frame, IReadOnlyDictionary<string, double> Raw, double Total);

/// <summary>
/// The losses of a render, step by step, as the loss log (<c>&lt;base&gt;_losses.jsonl</c>) records them;
/// what the loss plot draws, in the file and on the preview page.
/// </summary>
public sealed record LossHistory(IReadOnlyList<LossPoint> Points)
{
    public static LossHistory Empty { get; } = new([]);

    /// <summary>Reads each frame's loss-log lines; <c>nan</c>, <c>inf</c> and <c>-inf</c> (written as text) read as those numbers.</summary>
    public static LossHistory FromLogLines(IEnumerable<(int Frame, string Line)> lines) => new(lines.Select(l => ParseLine(l.Frame, l.Line)).ToList());

    /// <summary>The loss terms' names in the order they first appear.</summary>
    public IReadOnlyList<string> TermNames() => Points.SelectMany(p => p.Raw.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The steps where a new frame begins, excluding the first step.</summary>
    public IReadOnlyList<long> FrameStarts() => Boundaries((a, b) => a.Frame != b.Frame);

    /// <summary>The steps where a new scene begins, excluding the first step.</summary>
    public IReadOnlyList<long> SceneStarts() => Boundaries((a, b) => a.Scene != b.Scene);

    private List<long> Boundaries(Func<LossPoint, LossPoint, bool> changed) =>
        Points.Zip(Points.Skip(1)).Where(p => changed(p.First, p.Second)).Select(p => p.Second.Step).ToList();

    private static LossPoint ParseLine(int frame, string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        var raw = root.GetProperty("losses").EnumerateObject().ToDictionary(p => p.Name, p => Number(p.Value), StringComparer.Ordinal);
        return new LossPoint(root.GetProperty("step").GetInt64(), root.GetProperty("scene").GetInt32(), frame, raw, Number(root.GetProperty("total")));
    }

    private static double Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN,
        },
        _ => double.NaN,
    };
}

using System.Globalization;
using System.Text.Json;

namespace Pytti.Pipeline.Media;

/// <summary>One optimisation step's losses: the raw value of each term by its PyTTI display name, and the total.</summary>
public sealed record LossPoint(int Step, int Scene, double T, IReadOnlyDictionary<string, double> Raw, double Total);

/// <summary>
/// The losses of a render, step by step, as the loss log (<c>&lt;base&gt;_losses.jsonl</c>) records them;
/// what the loss plot draws, in the file and on the preview page.
/// </summary>
public sealed record LossHistory(IReadOnlyList<LossPoint> Points)
{
    public static LossHistory Empty { get; } = new([]);

    /// <summary>Reads the loss log's lines; <c>nan</c>, <c>inf</c> and <c>-inf</c> (written as text) read as those numbers.</summary>
    public static LossHistory FromLogLines(IEnumerable<string> lines) => new(lines.Select(ParseLine).ToList());

    /// <summary>The loss terms' names in the order they first appear.</summary>
    public IReadOnlyList<string> TermNames() => Points.SelectMany(p => p.Raw.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The steps where the frame changes (the animation time <c>t</c> moves on), excluding the first step.</summary>
    public IReadOnlyList<int> FrameStarts() => Boundaries((a, b) => a.T != b.T);

    /// <summary>The steps where a new scene begins, excluding the first step.</summary>
    public IReadOnlyList<int> SceneStarts() => Boundaries((a, b) => a.Scene != b.Scene);

    private List<int> Boundaries(Func<LossPoint, LossPoint, bool> changed) =>
        Points.Zip(Points.Skip(1)).Where(p => changed(p.First, p.Second)).Select(p => p.Second.Step).ToList();

    private static LossPoint ParseLine(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        var raw = root.GetProperty("losses").EnumerateObject().ToDictionary(p => p.Name, p => Number(p.Value), StringComparer.Ordinal);
        return new LossPoint(root.GetProperty("step").GetInt32(), root.GetProperty("scene").GetInt32(),
            Number(root.GetProperty("t")), raw, Number(root.GetProperty("total")));
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

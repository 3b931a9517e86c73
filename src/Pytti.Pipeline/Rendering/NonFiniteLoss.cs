using System.Text.Json;
using Pytti.Engine.Rendering;
using Pytti.Scenes.Expressions;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Stops a render at the first step whose losses (read out as doubles) are NaN or infinite: optimising on
/// from there would only write wrong frames. The error names the frame, the step, the loss term and the
/// scene values of that frame that evaluated to a non-finite number; every frame before it stays cached.
/// </summary>
internal static class NonFiniteLoss
{
    public static void Check(StepRecord step, RenderContext context)
    {
        if (double.IsFinite(step.Total) && step.Raw.Values.All(double.IsFinite)) return;
        var frame = context.Plan.FrameOf(step.Step);
        var term = step.Raw.FirstOrDefault(kv => !double.IsFinite(kv.Value));
        var what = term.Key is null ? $"the total loss is {NumberText.Format(step.Total)}" : $"the loss term '{term.Key}' is {NumberText.Format(term.Value)}";
        var values = NonFiniteValues(context.Keys[(int)frame.Index].Inputs.Canonical);
        var cause = values.Count == 0 ? "" : $" ({string.Join(", ", values)} at this frame)";
        var kept = frame.Index switch
        {
            0 => "",
            1 => " Frame 0 is kept in the cache and the output folder.",
            _ => $" Frames 0 to {frame.Index - 1} are kept in the cache and the output folder.",
        };
        throw new RenderException(PipelineErrorCodes.NonFinite,
            $"{context.Document.RootFile}: frame {frame.Index}, step {step.Step + 1} of {step.TotalSteps}: {what}{cause}. " +
            $"Check the scene's expressions and weights for nan, overflow or a division by zero.{kept}");
    }

    /// <summary>The scene values that evaluated to nan or ±inf (bar a prompt's <c>stop</c>, infinite by default), as <c>name = nan</c>, from the frame's canonical form.</summary>
    internal static IReadOnlyList<string> NonFiniteValues(string canonical)
    {
        var found = new List<string>();
        using var document = JsonDocument.Parse(canonical);
        Walk(document.RootElement, "", found);
        return found;
    }

    private static void Walk(JsonElement element, string path, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", found);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{i++}]", found);
                break;
            case JsonValueKind.String when IsNonFinite(element.GetString(), path):
                found.Add($"{path} = {element.GetString()}");
                break;
        }
    }

    private static bool IsNonFinite(string? text, string path) =>
        text == "nan" || (text is "inf" or "-inf" && !path.EndsWith(".stop", StringComparison.Ordinal));
}

using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Dsl;

public enum PromptKind { Text, Image }

/// <summary>
/// One CLIP prompt of a scene: text or image (<c>Target</c> is the text, or the resolved path/URL),
/// weight and stop expressions (evaluated every step), mask and mask cutoff.
/// </summary>
public sealed record Prompt(
    PromptKind Kind,
    string Target,
    CompiledExpression Weight,
    CompiledExpression Stop,
    PromptMask Mask,
    CompiledExpression Cutoff,
    SourceLocation Location)
{
    /// <summary>The default mask cutoff, a sentinel PyTTI compares against exactly.</summary>
    public const string DefaultCutoff = "0.5000873264";

    /// <summary>PyTTI skips a prompt whose weight is exactly the text <c>0</c> (not <c>0.0</c> or <c> 0</c>).</summary>
    public bool IsDisabled => Weight.Text == "0";
}

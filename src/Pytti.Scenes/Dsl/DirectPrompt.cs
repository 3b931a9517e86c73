using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Dsl;

/// <summary>A direct image prompt: pixel loss against an image (<c>Path</c> resolved), weight/stop per step, optional file mask.</summary>
public sealed record DirectPrompt(string Path, CompiledExpression Weight, PromptMask Mask, CompiledExpression Stop, SourceLocation Location);

/// <summary>
/// A parsed init or stabilisation weight (<c>direct_init_weight</c>, <c>semantic_stabilization_weight</c>, ...):
/// weight and stop expressions and an optional mask. Absent (null) when the setting is <c>''</c> or <c>'0'</c>.
/// </summary>
public sealed record LossWeight(CompiledExpression Weight, PromptMask Mask, CompiledExpression Stop, SourceLocation Location);

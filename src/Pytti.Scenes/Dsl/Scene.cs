namespace Pytti.Scenes.Dsl;

/// <summary>One scene: its prompts (possibly none) and the full text it was parsed from.</summary>
public sealed record Scene(int Index, string Text, IReadOnlyList<Prompt> Prompts);

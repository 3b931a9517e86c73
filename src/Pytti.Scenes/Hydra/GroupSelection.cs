using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Hydra;

/// <summary>A config-group choice from the command line, <c>conf=demo</c>, and where it was written.</summary>
public sealed record GroupSelection(string Group, string Option, SourceLocation Location);

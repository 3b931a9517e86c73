using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Schema;

/// <summary>The effective value of one parameter and where it came from (a file, an override, or the default).</summary>
public sealed record Setting(ParameterDefinition Definition, object? Value, SourceLocation? Location)
{
    public bool IsDefault => Location is null;
}

using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Yaml;

/// <summary>A YAML node that remembers where it was written. Scalars keep their text: the schema decides the type.</summary>
public abstract record YamlValue(SourceLocation Location)
{
    /// <summary>A short name of the node kind for error messages.</summary>
    public abstract string KindName { get; }
}

/// <summary>One <c>key: value</c> pair of a mapping.</summary>
public sealed record YamlEntry(YamlScalar Key, YamlValue Value);

/// <summary>A mapping, entries in file order.</summary>
public sealed record YamlMap(IReadOnlyList<YamlEntry> Entries, SourceLocation Location) : YamlValue(Location)
{
    public override string KindName => "a mapping";
}

/// <summary>A sequence.</summary>
public sealed record YamlList(IReadOnlyList<YamlValue> Items, SourceLocation Location) : YamlValue(Location)
{
    public override string KindName => "a list";
}

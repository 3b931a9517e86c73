namespace Pytti.Scenes.Schema;

/// <summary>Lookup of parameter definitions by name.</summary>
public static class ParameterSchema
{
    private static readonly Dictionary<string, ParameterDefinition> ByName = SchemaTable.All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static IReadOnlyList<ParameterDefinition> All => SchemaTable.All;

    public static ParameterDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    public static ParameterDefinition Get(string name) => ByName[name];

    /// <summary>Perceptor switches in CLIP's <c>available_models()</c> order.</summary>
    public static IReadOnlyList<string> PerceptorSwitches { get; } =
        ["RN50", "RN101", "RN50x4", "RN50x16", "RN50x64", "ViTB32", "ViTB16", "ViTL14", "ViTL14_336px"];

    /// <summary>OpenCLIP perceptors served, by mmc's id (publisher <c>mlfoundations</c>); Pytti.Models registers their files.</summary>
    public static IReadOnlyList<string> OpenClipPerceptors { get; } = ["ViT-B-32--laion2b_s34b_b79k"];

    /// <summary>The key a file uses to name its base files; not a parameter.</summary>
    public const string ExtendsKey = "extends";
}

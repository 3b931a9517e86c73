using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>Parses the DSL parameters (scenes with prefix/suffix, direct prompts, loss weights) with located text.</summary>
internal sealed class DslBinder(IReadOnlyDictionary<string, YamlValue> nodes, DslContext context)
{
    public IReadOnlyList<Scene> Scenes() =>
        SceneParser.Parse(Text("scenes"), Text("scene_prefix"), Text("scene_suffix"), context);

    public IReadOnlyList<DirectPrompt> DirectPrompts() => DirectPromptParser.ParsePrompts(Text("direct_image_prompts"), context);

    public LossWeights Losses() => new(
        DirectPromptParser.ParseWeight(Text("direct_init_weight"), context),
        PromptParser.ParseSemanticWeight(Text("semantic_init_weight"), context),
        DirectPromptParser.ParseWeight(Text("direct_stabilization_weight"), context),
        PromptParser.ParseSemanticWeight(Text("semantic_stabilization_weight"), context),
        DirectPromptParser.ParseWeight(Text("depth_stabilization_weight"), context),
        DirectPromptParser.ParseWeight(Text("edge_stabilization_weight"), context),
        DirectPromptParser.ParseWeight(Text("flow_stabilization_weight"), context));

    private LocatedText Text(string name) => nodes[name] is YamlScalar scalar
        ? LocatedText.From(scalar.IsNull ? scalar with { Text = "" } : scalar)
        : LocatedText.Unlocated("");

    public static DslContext Context(IEnumerable<string> audio, DiagnosticBag diagnostics, string workingDirectory) =>
        new(ExpressionScope.For(audio), diagnostics, workingDirectory);
}

using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>Builds a <see cref="SceneDocument"/> from merged entries: bind values, compile expressions, parse the DSL, cross-check.</summary>
internal static class SceneBuilder
{
    public static SceneDocument Build(IReadOnlyDictionary<string, YamlEntry> entries, string rootFile, string rootDirectory, string workingDirectory, DiagnosticBag diagnostics)
    {
        var root = new SourceLocation(rootFile, 1, 1) { BaseDirectory = rootDirectory };
        var (settings, nodes, failed) = new SettingsBinder(diagnostics, workingDirectory).Bind(entries, root);
        var values = settings.ToDictionary(s => s.Key, s => s.Value.Value, StringComparer.Ordinal);
        var audio = ((IReadOnlyList<AudioFilter>)values["input_audio_filters"]!).Select(f => f.VariableName).ToList();
        ExpressionBinder.Bind(values, nodes, audio, diagnostics, workingDirectory);
        var typed = PyttiSettings.From(values);
        var dsl = new DslBinder(nodes, DslBinder.Context(audio, diagnostics, workingDirectory));
        var scenes = dsl.Scenes();
        if (scenes.Count == 0 && settings["scenes"].Location is { } at)
            diagnostics.Add(ErrorCodes.Inconsistent, "'scenes' has no scene; write at least one (a single space makes one scene without prompts)", at);
        var direct = dsl.DirectPrompts();
        var losses = dsl.Losses();
        var perceptors = PerceptorSelection.Select(settings, nodes, diagnostics);
        new ConsistencyChecks(settings, failed, root, diagnostics).Run(typed, perceptors, scenes.Count);
        var finalSettings = settings.ToDictionary(s => s.Key, s => s.Value with { Value = values[s.Key] }, StringComparer.Ordinal);
        return new SceneDocument(rootFile, rootDirectory, finalSettings, typed, scenes, direct, losses, perceptors);
    }
}

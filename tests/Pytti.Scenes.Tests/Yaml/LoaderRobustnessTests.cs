using FsCheck;
using FsCheck.Fluent;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Tests.Yaml;

/// <summary>Any file text loads to a document or to our located errors, never to another exception.</summary>
public class LoaderRobustnessTests
{
    private static readonly HashSet<string> KnownCodes = ErrorCodes.All.Select(c => c.Code).ToHashSet();

    private static readonly Gen<string> YamlText =
        Gen.ArrayOf(Gen.Elements(
                "scenes: ", "width: ", "animation_mode: ", "translate_x: ", "perceptors: ", "input_audio_filters: ", "extends: ",
                "a cat", "1", "-1", "3D", "'", "\"", "[", "]", "{", "}", ",", ":", "|", "||", ">", "- ", "\n", "  ", "#", "&a ", "*a",
                "~", "null", "---", "${x}", "\t", "é", "\\", "%YAML 1.2\n", "!!str ", "? "))
            .Select(parts => string.Concat(parts));

    [Fact]
    public void Loading_never_throws()
    {
        using var temp = new TempScene();
        var path = Path.Combine(temp.Folder, "scene.pytti.yaml");
        Prop.ForAll(YamlText.ToArbitrary(), text =>
        {
            File.WriteAllText(path, text);
            var result = SceneLoader.Load("scene.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder });
            return result.Success || (result.Diagnostics.Count > 0 && result.Diagnostics.All(d => KnownCodes.Contains(d.Code)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    /// <summary>Found by the property above (minimised): YamlDotNet's scanner throws InvalidOperationException on this.</summary>
    [Fact]
    public void Yamldotnet_scanner_failure_is_a_syntax_error() =>
        Assert.Equal(["scene.pytti.yaml(1,3): error PYTTI001: invalid YAML near here; check quotes, brackets and indentation"], TempScene.Errors(": [2\n-"));
}

using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Scenes.Schema;

namespace Pytti.Cli.Tests;

/// <summary>
/// OpenCLIP's ViT-B-32 laion2b_s34b_b79k as a user selects it: through <c>mmc_models</c> as mmc names it, through
/// <c>perceptors</c>, and in <c>pytti models list</c>; scene files and the model registry agree on the names.
/// </summary>
public sealed class OpenClipPerceptorTests : IDisposable
{
    private const string Name = "ViT-B-32--laion2b_s34b_b79k";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-openclip-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Explain(string yaml)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "s.pytti.yaml"), yaml);
        return CliRun.Run(_dir.FullName, "explain", "s.pytti.yaml", "--json", "--frames", "0");
    }

    private static string[] Perceptors(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("perceptors").EnumerateArray().Select(p => p.GetString()!)];

    [Fact]
    public void An_mmc_entry_of_publisher_mlfoundations_selects_it()
    {
        var (exit, output, error) = Explain(
            "scenes: a\nuse_mmc: true\nmmc_models:\n- {architecture: clip, publisher: mlfoundations, id: ViT-B-32--laion2b_s34b_b79k}\n- {architecture: clip, publisher: openai, id: RN50}\n");
        Assert.True(exit == PyttiApp.ExitOk, error);
        Assert.Equal([Name, "RN50"], Perceptors(output));
    }

    [Fact]
    public void The_perceptors_list_takes_its_name()
    {
        var (exit, output, error) = Explain($"scenes: a\nViTB32: false\nperceptors: [{Name}]\n");
        Assert.True(exit == PyttiApp.ExitOk, error);
        Assert.Equal([Name], Perceptors(output));
    }

    [Fact]
    public void Another_openclip_model_is_refused_naming_what_is_served()
    {
        var (exit, _, error) = Explain("scenes: a\nuse_mmc: true\nmmc_models:\n- {architecture: clip, publisher: mlfoundations, id: ViT-B-32--laion400m_e32}\n");
        Assert.Equal(1, exit);
        Assert.Contains("s.pytti.yaml(4,3): error PYTTI014: this mmc model is not served here", error);
        Assert.Contains("publisher: mlfoundations, id: one of ViT-B-32--laion2b_s34b_b79k", error);
    }

    [Fact]
    public void Models_list_shows_it()
    {
        var (exit, output, _) = CliRun.Run(null, "models", "list", "--models-dir", _dir.FullName, "--json");
        Assert.Equal(PyttiApp.ExitOk, exit);
        var row = JsonDocument.Parse(output).RootElement.GetProperty("models").EnumerateArray().Single(r => r.GetProperty("name").GetString() == Name);
        Assert.Equal(("clip", "missing", OpenClipModels.VitB32Laion2B.Sha256), (row.GetProperty("kind").GetString(), row.GetProperty("status").GetString(), row.GetProperty("sha256").GetString()));
    }

    [Fact]
    public void Scene_files_know_exactly_the_registered_openclip_models() =>
        Assert.Equal(OpenClipModels.All.Select(s => s.Name), ParameterSchema.OpenClipPerceptors);
}

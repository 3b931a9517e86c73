using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// <c>animation_mode: 3D</c> through <c>pytti render</c> with the tiny CLIP and the tiny Depth Anything
/// (which needs 2 attention heads: <c>PYTTI_DEPTH_HEADS=2</c>, the pipeline's test-only override).
/// </summary>
public sealed class Render3DTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-3d-e2e-");
    private readonly string? _heads = Environment.GetEnvironmentVariable("PYTTI_DEPTH_HEADS");

    public Render3DTests()
    {
        var vocab = Path.Combine(_dir.FullName, "store", "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
        Environment.SetEnvironmentVariable("PYTTI_DEPTH_HEADS", "2");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PYTTI_DEPTH_HEADS", _heads);
        _dir.Delete(recursive: true);
    }

    private (int Exit, string Output) Render(string depthModel, string output)
    {
        var scene = Path.Combine(_dir.FullName, $"{output}.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a lighthouse
            animation_mode: 3D
            translate_z_3d: '0.05 * r'
            rotate_3d: '[cos(0.01), 0, 0, sin(0.01)]'
            near_plane: 1
            far_plane: 40
            depth_stabilization_weight: 0.5
            depth_model: {depthModel}
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 32
            height: 32
            steps_per_scene: 3
            steps_per_frame: 1
            pre_animation_steps: 0
            save_every: 1
            cutouts: 2
            seed: 3
            file_namespace: e3d
            video_container: none
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = PyttiApp.Run(["render", scene, "--models-dir", Path.Combine(_dir.FullName, "store"), "--offline",
            "-o", Path.Combine(_dir.FullName, output), "--cache", Path.Combine(_dir.FullName, "cache")],
            CliEnvironment.Capture(stdout, stderr, _dir.FullName));
        return (exit, stderr.ToString() + stdout);
    }

    [Fact]
    public void A_3D_scene_renders_its_frames_and_a_second_render_reuses_them()
    {
        var fixture = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");
        var (exit, output) = Render(fixture, "a");
        Assert.True(exit == 0, output);
        var frames = Directory.GetFiles(Path.Combine(_dir.FullName, "a"), "e3d_*.png").Where(f => !f.EndsWith("_losses.png") && !f.EndsWith("_contact.png")).Order().ToArray();
        Assert.Equal(3, frames.Length);
        Assert.Contains("depth stabilization", File.ReadAllText(Path.Combine(_dir.FullName, "a", "e3d_losses.jsonl")));
        var (again, output2) = Render(fixture, "b");                                     // same cache: nothing renders
        Assert.True(again == 0, output2);
        Assert.Equal(frames.Select(File.ReadAllBytes), frames.Select(f => File.ReadAllBytes(Path.Combine(_dir.FullName, "b", Path.GetFileName(f)))));
    }

    [Fact]
    public void A_depth_model_name_missing_offline_says_where_to_download_it_and_where_to_place_it_before_anything_renders()
    {
        var (exit, output) = Render("depth-anything-v2-small", "c");
        Assert.NotEqual(0, exit);
        Assert.Contains("PYTTI120", output);
        Assert.Contains("https://huggingface.co/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth", output);
        Assert.Contains(DepthModels.Small.Sha256, output);
        Assert.Contains(Path.Combine(_dir.FullName, "store", "depth", "depth_anything_v2_vits.pth"), output);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "c")) && Directory.EnumerateFiles(Path.Combine(_dir.FullName, "c"), "*.png").Any());
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti render</c> on the example scene, made tiny with overrides and the fixture CLIP.</summary>
public sealed class RenderCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-render-cli-");
    private string Store => Path.Combine(_dir.FullName, "store");
    private string Output => Path.Combine(_dir.FullName, "out");
    private string Example => Path.Combine(_dir.FullName, "hello.pytti.yaml");   // a copy: renders write a lock file beside the scene
    private static string Tiny => SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt");

    public RenderCommandTests()
    {
        var vocab = Path.Combine(Store, "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
        File.Copy(Path.Combine(SharedFixtures.RepoRoot, "examples", "hello", "hello.pytti.yaml"), Example);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private string[] TinyArgs(string scene, params string[] extra) =>
    [
        "render", scene, "--set", $"perceptors=[{Tiny}]", "--set", "width=16", "--set", "height=16",
        "--set", "steps_per_scene=4", "--set", "save_every=2", "--set", "cutouts=2",
        "--models-dir", Store, "--offline", "-o", Output, .. extra,
    ];

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_dir.FullName, args);

    [Fact]
    public void Json_events_describe_the_run_and_the_manifest_names_every_frame_by_digest()
    {
        var (exit, output, error) = Run(TinyArgs(Example, "--json"));
        Assert.True(exit == 0, error + output);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // The perceptor is a local file and the vocabulary ships inside the product: nothing to check in the store.
        Assert.Equal("started", events[0].GetProperty("event").GetString());
        Assert.Equal(4, events.Count(e => e.GetProperty("event").GetString() == "step"));
        var images = events.Where(e => e.GetProperty("event").GetString() == "image").ToList();
        Assert.Equal(3, images.Count);                              // after steps 1 and 3, and the finished image
        var finished = events[^1];
        Assert.Equal("finished", finished.GetProperty("event").GetString());
        Assert.Equal(1, finished.GetProperty("rendered").GetInt32());   // steps_per_frame 60 > 4 steps: one frame
        Assert.True(File.Exists(finished.GetProperty("video").GetString()));
        var files = finished.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(3 + 5, files.Count);                             // 3 frames, loss log, loss plot, manifest, video, render log
        Assert.Contains(Path.Combine(Output, "hello.log"), files);
        Assert.All(files, f => Assert.True(File.Exists(f), f));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "hello_manifest.json")));
        var frames = manifest.RootElement.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(3, frames.Count);
        foreach (var frame in frames)
        {
            var file = Path.Combine(Output, frame.GetProperty("file").GetString()!);
            Assert.Equal(frame.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));
        }
        Assert.Equal("42", manifest.RootElement.GetProperty("seed").GetString());
        Assert.Equal(16L, manifest.RootElement.GetProperty("settings").GetProperty("width").GetInt64());
        var log = File.ReadAllLines(Path.Combine(Output, "hello_losses.jsonl"));
        Assert.Equal(4, log.Length);
        Assert.Contains("a lighthouse at sunset", log[0]);
        Assert.True(File.Exists(Path.Combine(Output, "hello_losses.png")));
    }

    [Fact]
    public void Rendering_twice_gives_the_same_bytes()
    {
        Assert.Equal(0, Run(TinyArgs(Example)).Exit);
        var first = File.ReadAllBytes(Path.Combine(Output, "hello_3.png"));
        Assert.Equal(0, Run(TinyArgs(Example)).Exit);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(Output, "hello_3.png")));
    }

    [Fact]
    public void A_scene_with_errors_renders_nothing_and_reports_every_error_with_its_location()
    {
        var scene = Path.Combine(_dir.FullName, "bad.pytti.yaml");
        File.WriteAllText(scene, "scenes: a cat\nwidht: 64\nborder_mode: wavy\n");
        var (exit, output, _) = Run(TinyArgs(scene));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("bad.pytti.yaml(2,1): error PYTTI005", output);     // paths as given, relative to the working directory
        Assert.Contains("width", output);                           // the closest valid key
        Assert.Contains("bad.pytti.yaml(3,14): error PYTTI", output);
        Assert.Contains("clamp", output);                           // what is allowed
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void A_render_whose_perceptor_is_a_local_file_succeeds_offline_with_an_empty_models_dir()
    {
        var empty = Path.Combine(_dir.FullName, "empty-store");
        var args = TinyArgs(Example).Select(a => a == Store ? empty : a).ToArray();
        var (exit, output, error) = Run(args);
        Assert.True(exit == 0, error + output);
        Assert.Empty(error);
        Assert.NotEmpty(Directory.EnumerateFiles(Output, "*.png", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(empty) && Directory.EnumerateFileSystemEntries(empty, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void A_missing_model_offline_names_url_digest_and_path()
    {
        var args = TinyArgs(Example).Select(a => a == $"perceptors=[{Tiny}]" ? "perceptors=[RN50]" : a).ToArray();
        var (exit, _, error) = Run(args);
        Assert.Equal(PyttiApp.ExitUserError, exit);
        var rn50 = OpenAiClipModels.All.Single(m => m.Name == "RN50");
        Assert.Contains(rn50.Url.ToString(), error);
        Assert.Contains(rn50.Sha256, error);
        Assert.Contains(Path.Combine(Store, "clip", rn50.FileName), error);
    }

    [Fact]
    public void A_3D_scene_without_depth_weights_is_refused_before_any_work()
    {
        var (exit, _, error) = Run(TinyArgs(Example, "--set", "animation_mode=3D"));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI120", error);
        Assert.Contains("model 'depth-anything-v2-small' (depth)", error);   // the default depth_model, offline and not in the store
        Assert.Contains(Path.Combine(Store, "depth", "depth_anything_v2_vits.pth"), error);
    }

    [Fact]
    public void Limited_palette_renders_only_palette_colours_and_writes_its_swatch()
    {
        var (exit, _, error) = Run(TinyArgs(Example, "--set", "image_model=Limited Palette", "--set", "palette_size=3", "--set", "palettes=2"));
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(Output, "hello_palette.png")));
        var image = Pytti.Pipeline.Media.ImageFile.Read(Path.Combine(Output, "hello_3.png"));
        var colours = Enumerable.Range(0, image.Width * image.Height).Select(i => (image.Pixels[3 * i], image.Pixels[3 * i + 1], image.Pixels[3 * i + 2])).Distinct().Count();
        Assert.InRange(colours, 1, 3 * 2);
    }

    [Fact]
    public void Vqgan_renders_from_a_checkpoint_path()
    {
        var ckpt = SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt");
        var (exit, _, error) = Run(TinyArgs(Example, "--set", "image_model=VQGAN", "--set", $"vqgan_model={ckpt}"));
        Assert.True(exit == 0, error);
        var image = Pytti.Pipeline.Media.ImageFile.Read(Path.Combine(Output, "hello_3.png"));
        Assert.Equal((16, 16), (image.Width, image.Height));     // 16 px = 8 tokens of the f=2 model
    }

    [Fact]
    public void A_named_vqgan_model_that_is_not_in_the_store_says_where_to_put_it()
    {
        var (exit, _, error) = Run(TinyArgs(Example, "--set", "image_model=VQGAN", "--set", "vqgan_model=sflckr"));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI120", error);
        Assert.Contains(Path.Combine(Store, "vqgan", "sflckr.ckpt"), error);
    }

    [Fact]
    public void Check_re_renders_cached_frames_and_finds_no_drift()
    {
        Assert.Equal(0, Run(TinyArgs(Example, "--set", "steps_per_frame=2", "--set", "pre_animation_steps=0")).Exit);
        var (exit, output, error) = Run(TinyArgs(Example, "--set", "steps_per_frame=2", "--set", "pre_animation_steps=0", "--check", "2", "--json"));
        Assert.True(exit == 0, error + output);
        var checks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "check").ToList();
        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.True(c.GetProperty("same").GetBoolean()));

        // Make the cache claim other bytes for frame 0's image, in a record stored (and sealed) through the index
        // as if the engine had drifted since: the render trusts it, the check must notice.
        var index = new Pytti.Pipeline.Cache.FrameIndex(Path.Combine(_dir.FullName, ".pytti", "cache"));
        var records = index.All().ToList();
        var (frame0, frame1) = (records.Single(r => r.Frame == 0), records.Single(r => r.Frame == 1));
        index.Put(frame0 with { Images = [frame0.Images[0] with { Sha256 = frame1.Images[0].Sha256 }, .. frame0.Images.Skip(1)] });
        var (driftExit, driftOutput, _) = Run(TinyArgs(Example, "--set", "steps_per_frame=2", "--set", "pre_animation_steps=0", "--check", "2", "--json"));
        Assert.Equal(PyttiApp.ExitUserError, driftExit);
        Assert.Contains("\"same\":false", driftOutput);

        // The same as text, styled, not printed as markup.
        var (textExit, text, _) = Run(TinyArgs(Example, "--set", "steps_per_frame=2", "--set", "pre_animation_steps=0", "--check", "2"));
        Assert.Equal(PyttiApp.ExitUserError, textExit);
        Assert.Contains("check frame 0: DRIFT in", text);
        Assert.Contains("check frame 1: same bytes", text);
        Assert.DoesNotContain("[green]", text);
        Assert.DoesNotContain("[red]", text);
        Assert.DoesNotContain("ClipBpeVocabulary", text);   // a model file already in the store is checked quietly
    }

    [Fact]
    public void Check_re_renders_an_audio_driven_2D_scene_with_the_inputs_the_render_had()
    {
        var tone = Path.Combine(_dir.FullName, "tone.wav");
        System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", tone])!.WaitForExit();
        var scene = Path.Combine(_dir.FullName, "audio.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a lighthouse
            animation_mode: 2D
            translate_x: low * 3
            input_audio: tone.wav
            input_audio_filters:
              - variable_name: low
                f_center: 440
                f_width: 100
            steps_per_frame: 2
            pre_animation_steps: 0
            """);
        Assert.Equal(0, Run(TinyArgs(scene)).Exit);
        var (exit, output, error) = Run(TinyArgs(scene, "--check", "2", "--json"));
        Assert.True(exit == 0, error + output);
        var checks = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "check").ToList();
        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.True(c.GetProperty("same").GetBoolean(), c.ToString()));
    }
}

using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// The top-level guard as a user meets it: each failure the hostile tester found is one
/// <c>pytti: error PYTTInnn: message</c> line and exit code 1, the stack trace only under <c>--verbose</c>,
/// and what was rendered before the failure is still there.
/// </summary>
public sealed class ErrorGuardTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-guard-");
    private string Store => Path.Combine(_dir.FullName, "store");
    private string Output => Path.Combine(_dir.FullName, "out");
    private string Scene => Path.Combine(_dir.FullName, "s.pytti.yaml");

    public ErrorGuardTests()
    {
        var vocab = Path.Combine(Store, "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    // 4 frames of 2 steps, an image every 2 steps.
    private void WriteScene(string prompt = "a lighthouse", string perceptor = "", string extra = "") => File.WriteAllText(Scene, $"""
        scenes: "{prompt}"
        perceptors: [{(perceptor.Length > 0 ? perceptor : SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt"))}]
        width: 16
        height: 16
        steps_per_scene: 8
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 3
        video_container: none
        file_namespace: s
        {extra}
        """);

    private (int Exit, string Out, string Error) Run(params string[] extra) => RunWith(null, extra);

    /// <summary>Renders the scene, with <paramref name="perceptor"/> as its CLIP checkpoint when given.</summary>
    private (int Exit, string Out, string Error) RunWith(string? perceptor, params string[] extra)
    {
        if (perceptor is not null) WriteScene(perceptor: perceptor);
        return CliRun.Run(_dir.FullName, ["render", Scene, "--models-dir", Store, "--offline", "-o", Output, "--cache", Path.Combine(_dir.FullName, "cache"), .. extra]);
    }

    [Fact]
    public void A_prompt_weight_that_becomes_nan_at_some_frame_is_refused_before_anything_renders()
    {
        // The scene's values are known per frame before rendering: check finds the nan with that frame's time.
        WriteScene(prompt: "a lighthouse:nan**(round(t*12) == 2)", extra: "animation_mode: 2D");
        var (exit, located, error) = Run();   // located scene errors are printed on standard output, as by check
        error = located + error;
        Assert.Equal(1, exit);
        Assert.Contains("s.pytti.yaml(1,", error);
        Assert.Contains("error PYTTI034: weight 'nan**(round(t*12) == 2)' at t=", error);
        Assert.Contains("the value is nan", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFiles(Output, "*.png").Any());

        WriteScene(prompt: "a lighthouse:1", extra: "animation_mode: 2D");
        var (rerun, _, rerunError) = Run();
        Assert.True(rerun == 0, rerunError);
    }

    [Fact]
    public void An_infinite_motion_value_names_the_parameter()
    {
        WriteScene(extra: "animation_mode: 2D\ntranslate_x: \"1e999\"");
        var (exit, located, _) = Run();
        Assert.Equal(1, exit);
        Assert.Contains("s.pytti.yaml(14,", located);
        Assert.Contains("error PYTTI034: 'translate_x' '1e999' at t=0: the value is infinite", located);
    }

    [Fact]
    public void A_loss_that_becomes_nan_while_rendering_stops_with_the_frame_step_and_term()
    {
        // A perceptor whose weights hold nan passes every check and makes the first step's loss nan.
        var (exit, _, error) = RunWith(NanPerceptor());
        Assert.Equal(1, exit);
        Assert.StartsWith("pytti: error PYTTI304: s.pytti.yaml: frame 0, step 1 of 8: ", error);
        Assert.Contains("is nan", error);
        Assert.DoesNotContain("   at ", error);
    }

    /// <summary>The tiny fixture ViT with one layer norm's weights set to nan, as a safetensors file.</summary>
    private string NanPerceptor()
    {
        var path = Path.Combine(_dir.FullName, "nan_vit.safetensors");
        var weights = Pytti.Torch.Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.safetensors"));
        try
        {
            weights["visual.ln_post.weight"].fill_(double.NaN);
            Pytti.Torch.Weights.SaveSafeTensors(path, weights);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
        return path;
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("random")]
    [InlineData("bad-header")]
    public void A_damaged_perceptor_file_is_an_error_not_a_crash(string damage)
    {
        var file = Path.Combine(_dir.FullName, "damaged.safetensors");
        var good = File.ReadAllBytes(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.safetensors"));
        File.WriteAllBytes(file, damage switch
        {
            "empty" => [],
            "truncated" => good[..(good.Length / 2)],
            "random" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))],
            _ => [.. BitConverter.GetBytes(40L), .. "{\"a\":{\"dtype\":\"F32\",\"shape\":[4]}}      "u8],
        });
        WriteScene(perceptor: file);
        var (exit, _, error) = Run();
        Assert.Equal(1, exit);
        Assert.Matches(@"^pytti: error PYTTI1\d\d: .*damaged\.safetensors", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFiles(Output, "*.png").Any());
    }

    [Fact]
    public void A_folder_where_the_scenes_lock_file_belongs_fails_the_outputs_but_keeps_every_frame_in_the_cache()
    {
        WriteScene();
        var lockFile = Path.Combine(_dir.FullName, "s.pytti.lock.json");
        Directory.CreateDirectory(lockFile);
        var (exit, _, error) = Run();
        Assert.Equal(1, exit);
        Assert.StartsWith($"pytti: error PYTTI303: {Output}: cannot write the render's outputs", error);
        Assert.Contains("every frame is kept in the cache", error);

        Directory.Delete(lockFile);
        var (rerun, output, _) = Run("--json");
        Assert.Equal(0, rerun);
        Assert.Contains("\"rendered\":0,\"cached\":4", output);
    }

    [Fact]
    public void A_folder_where_the_caches_lock_belongs_is_an_immediate_error()
    {
        WriteScene();
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "cache", ".lock"));
        var (exit, _, error) = Run();
        Assert.Equal(1, exit);
        Assert.StartsWith($"pytti: error PYTTI306: {Path.Combine(_dir.FullName, "cache")}: the frame cache cannot be used: ", error);
        Assert.Contains("is a folder where the cache keeps its lock file; remove it", error);
    }

    [Fact]
    public void Verbose_adds_the_stack_trace_to_the_same_error()
    {
        var (exit, _, error) = RunWith(NanPerceptor(), "--verbose");
        Assert.Equal(1, exit);
        Assert.StartsWith("pytti: error PYTTI304: ", error);
        Assert.Contains("Pytti.Pipeline.Rendering.RenderException", error);
        Assert.Contains("   at ", error);
    }

    [Fact]
    public void An_exception_nobody_anticipated_is_one_error_line_that_asks_for_verbose()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = ErrorReport.Write(CliEnvironment.Capture(output, error), new InvalidOperationException("the index went wrong."), verbose: false);
        Assert.Equal(1, exit);
        Assert.Equal("pytti: error PYTTI159: unexpected InvalidOperationException: the index went wrong. This is a bug in pytti; nothing already rendered was lost. " +
                     "Rerun with --verbose for the stack trace and report it." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Libtorch_that_cannot_load_is_said_as_such_with_what_to_do()
    {
        // What TorchSharp throws at the first tensor when its native library is missing or cannot load.
        var failure = new TypeInitializationException("TorchSharp.torch",
            new NotSupportedException("This application uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64.\nTrace: ..."));
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = ErrorReport.Write(CliEnvironment.Capture(output, error), failure, verbose: false);
        Assert.Equal(1, exit);
        var line = error.ToString();
        Assert.StartsWith("pytti: error PYTTI152: libtorch could not be loaded for ", line);
        Assert.Contains("doesn't contain a reference to libtorch-cpu-linux-x64.", line);
        Assert.Contains("dotnet tool update --global Pytti.Cli", line);
        Assert.DoesNotContain("Trace:", line);
        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        var dll = new DllNotFoundException("Unable to load shared library 'LibTorchSharp' or one of its dependencies.");
        Assert.Equal(1, ErrorReport.Write(CliEnvironment.Capture(output, error), dll, verbose: false));
        Assert.Contains("error PYTTI152: libtorch could not be loaded", error.ToString().Split(Environment.NewLine)[1]);
    }
}

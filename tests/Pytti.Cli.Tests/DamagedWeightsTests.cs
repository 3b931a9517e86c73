using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// A damaged perceptor file is one <c>pytti: error PYTTI1nn:</c> line naming the file and exit code 1
/// from every command that reads it (inspect, score, render), never a crash; inspect refuses what
/// loading refuses.
/// </summary>
public sealed class DamagedWeightsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-damaged-");
    private string Store => Path.Combine(_dir.FullName, "store");
    private string File => Path.Combine(_dir.FullName, "damaged.safetensors");

    public DamagedWeightsTests()
    {
        var vocab = Path.Combine(Store, "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        System.IO.File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var command in new[] { "inspect", "score", "render" })
        {
            data.Add(command, "empty", "the file is empty");
            data.Add(command, "truncated", "but the file has");
            data.Add(command, "random", "the content is not a known weight format");
            data.Add(command, "bad-header", "the header entry of tensor 'a' is malformed");
            data.Add(command, "huge-shape", "tensor 'w' claims shape [4611686018427387904], more bytes than any file holds");
        }
        return data;
    }

    private void WriteDamaged(string damage)
    {
        var good = System.IO.File.ReadAllBytes(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.safetensors"));
        System.IO.File.WriteAllBytes(File, damage switch
        {
            "empty" => [],
            "truncated" => good[..(good.Length / 2)],
            "random" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))],
            "bad-header" => Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[4]}}"),
            // 2^62 float32 elements: the byte count wraps around to 0 in 64 bits, matching the empty offsets.
            _ => Header("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}"),
        });
    }

    private static byte[] Header(string json)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        return [.. BitConverter.GetBytes((long)utf8.Length), .. utf8];
    }

    private string[] Arguments(string command) => command switch
    {
        "inspect" => ["weights", "inspect", File],
        "score" => ["score", "--image", SharedFixtures.Path("fixtures", "real", "stormy.jpeg"), "--text", "x", "--perceptor", File,
            "--models-dir", Store, "--offline"],
        _ => ["render", WriteScene(), "--models-dir", Store, "--offline", "-o", Path.Combine(_dir.FullName, "out"),
            "--cache", Path.Combine(_dir.FullName, "cache")],
    };

    private string WriteScene()
    {
        var scene = Path.Combine(_dir.FullName, "s.pytti.yaml");
        System.IO.File.WriteAllText(scene, $"""
            scenes: "a lighthouse"
            perceptors: [{File}]
            width: 16
            height: 16
            steps_per_scene: 2
            steps_per_frame: 1
            pre_animation_steps: 0
            cutouts: 2
            seed: 3
            video_container: none
            """);
        return scene;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_damaged_perceptor_is_a_clear_error_from_every_command(string command, string damage, string problem)
    {
        WriteDamaged(damage);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = PyttiApp.Run(Arguments(command), CliEnvironment.Capture(output, error, _dir.FullName));

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Matches($"^pytti: error PYTTI1\\d\\d: (.*: )?{System.Text.RegularExpressions.Regex.Escape(File)}: ", error.ToString());
        Assert.Contains(problem, error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
    }
}

using System.Net;
using System.Net.Sockets;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests.Preview;

/// <summary>A folder with the example scene and a model store holding the CLIP vocabulary; tiny renders of it through <c>pytti render</c>, in-process.</summary>
internal sealed class PreviewRenders : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-preview-");

    public PreviewRenders()
    {
        var vocab = Path.Combine(Store, "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
        File.Copy(Path.Combine(SharedFixtures.RepoRoot, "examples", "hello", "hello.pytti.yaml"), Scene);
    }

    public string Folder => _dir.FullName;

    public string Store => Path.Combine(Folder, "store");

    public string Scene => Path.Combine(Folder, "hello.pytti.yaml");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary><c>render</c> of the scene at 32x32 with the fixture CLIP, into <paramref name="output"/>.</summary>
    public string[] Args(string output, int steps, params string[] extra) =>
    [
        "render", Scene, "--set", $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]",
        "--set", "width=32", "--set", "height=32", "--set", $"steps_per_scene={steps}", "--set", "save_every=2",
        "--set", "display_every=1", "--set", "cutouts=2", "--models-dir", Store, "--offline", "-o", Path.Combine(Folder, output), .. extra,
    ];

    public (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(Folder, args);

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

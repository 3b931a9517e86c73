using System.Text.Json;
using Pytti.Testing;

namespace Pytti.Build.Tests;

/// <summary>
/// build/TorchSharp.targets picks the libtorch runtime package from two properties: the runtime identifier and
/// <c>PyttiLibTorchRuntime</c> (cpu or cuda). The CUDA packages are on nuget.org but not on this repository's
/// package mirror, so the selection is checked by evaluating the project, which needs no restore.
/// </summary>
public sealed class LibTorchRuntimeSelectionTests
{
    private static readonly string TorchProject = Path.Combine(SharedFixtures.RepoRoot, "src", "Pytti.Torch", "Pytti.Torch.csproj");

    [Theory]
    [InlineData("linux-x64", "", "libtorch-cpu-linux-x64", "cpu")]
    [InlineData("win-x64", "", "libtorch-cpu-win-x64", "cpu")]
    [InlineData("osx-arm64", "cpu", "libtorch-cpu-osx-arm64", "cpu")]
    [InlineData("linux-x64", "cuda", "libtorch-cuda-12.8-linux-x64", "cuda")]
    [InlineData("win-x64", "cuda", "libtorch-cuda-12.8-win-x64", "cuda")]
    public void The_runtime_property_switches_the_libtorch_package_and_nothing_else(string rid, string runtime, string package, string recorded)
    {
        var (exit, json) = Evaluate($"-p:RuntimeIdentifier={rid}", runtime.Length > 0 ? $"-p:PyttiLibTorchRuntime={runtime}" : "",
            "-getProperty:PyttiLibTorchPackage", "-getProperty:PyttiLibTorchRuntime", "-getItem:PackageReference", "-getItem:AssemblyMetadata");
        Assert.True(exit == 0, json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(package, doc.RootElement.GetProperty("Properties").GetProperty("PyttiLibTorchPackage").GetString());
        var references = doc.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()).ToList();
        Assert.Contains("TorchSharp", references);                                           // the engine's code and TorchSharp stay the same
        Assert.Equal([package], references.Where(r => r!.StartsWith("libtorch-", StringComparison.Ordinal)));   // one runtime, the one asked for
        var metadata = doc.RootElement.GetProperty("Items").GetProperty("AssemblyMetadata").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Value").GetString());
        Assert.Equal(recorded, metadata["LibTorchRuntime"]);
        Assert.Equal("2.10.0", metadata["LibTorchVersion"]);
    }

    [Theory]
    [InlineData("osx-arm64", "cuda", "PYTTI411", "linux-x64 and win-x64 only")]
    [InlineData("linux-x64", "rocm", "PYTTI410", "use 'cpu'")]
    public void Runtimes_that_do_not_exist_are_build_errors_before_restore(string rid, string runtime, string code, string text)
    {
        var (exit, output) = Evaluate($"-p:RuntimeIdentifier={rid}", $"-p:PyttiLibTorchRuntime={runtime}", "-t:_PyttiCheckLibTorchRuntime");
        Assert.NotEqual(0, exit);
        Assert.Contains($"error {code}", output);
        Assert.Contains(text, output);
    }

    private static (int Exit, string Output) Evaluate(params string[] arguments)
    {
        var (exit, text, _) = DotnetCli.Run(SharedFixtures.RepoRoot, ["msbuild", TorchProject, "-nologo", .. arguments.Where(a => a.Length > 0)], timeout: TimeSpan.FromMinutes(2));
        return (exit, text);
    }
}

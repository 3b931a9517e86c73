using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Pytti.Testing;
using Xunit.Abstractions;

namespace Pytti.Build.Tests;

/// <summary>
/// The product as a user gets it: both packages packed into a local feed, the tool installed from it as a local tool,
/// and a content project outside the repository that references Pytti.Build by version, built offline with a local
/// perceptor. Nothing here comes from the repository's build output. Linux x64 only (the machines CI runs on).
/// </summary>
public sealed class PackagedProductTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pytti-packaged-").FullName;

    private string Feed => Path.Combine(_root, "feed");
    private string Packages => Path.Combine(_root, "nuget-packages");   // a cache of its own: no stale 0.1.0 from an earlier run
    private string Project => Path.Combine(_root, "content");
    private string Models => Path.Combine(_root, "models");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Packed_tool_and_build_package_render_a_content_project_offline_then_do_nothing_then_clean()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) return;
        var repo = CopyOfSources();
        Run(repo, "pack", "src/Pytti.Cli", "-c", "Release", "-o", Feed, "-p:PyttiToolRuntimeIdentifiers=linux-x64").Succeeded();
        Run(repo, "pack", "src/Pytti.Build", "-c", "Release", "-o", Feed).Succeeded();
        Assert.True(File.Exists(Path.Combine(Feed, "Pytti.Cli.0.1.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(Feed, "Pytti.Cli.linux-x64.0.1.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(Feed, "Pytti.Build.0.1.0.nupkg")));

        ArrangeContentProject();
        Run(Project, "new", "tool-manifest").Succeeded();
        Run(Project, "tool", "install", "Pytti.Cli", "--version", "0.1.0").Succeeded();

        var first = Run(Project, "build", "-v", "n", "-tl:off");
        first.Succeeded();
        Assert.Contains("tiny.pytti.yaml: 1 rendered, 0 cached (", first.Text);   // a still is one frame of two images
        var frames = Path.Combine(Project, "bin", "Debug", "net10.0", "pytti", "scenes", "tiny");
        Assert.Equal(2, Directory.GetFiles(frames, "*.png").Count(f => Regex.IsMatch(f, @"tiny_\d+\.png$")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Models));   // offline, nothing was fetched or placed

        var second = Run(Project, "build", "-v", "n", "-tl:off");
        second.Succeeded();
        Assert.Contains("up to date, nothing rendered", second.Text);

        Run(Project, "clean").Succeeded();
        Assert.False(Directory.Exists(frames) && Directory.EnumerateFiles(frames, "*.png").Any());
    }

    /// <summary>
    /// The sources to pack, copied without build outputs: packing rebuilds the projects with other properties, and doing
    /// that in the repository would rewrite assemblies that the other tests of this run are executing.
    /// </summary>
    private string CopyOfSources()
    {
        var copy = Path.Combine(_root, "repo");
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            CopyFile(Path.Combine(SharedFixtures.RepoRoot, name), Path.Combine(copy, name));
        foreach (var folder in new[] { "src", "build" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(SharedFixtures.RepoRoot, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(SharedFixtures.RepoRoot, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj")) continue;
                CopyFile(file, Path.Combine(copy, relative));
            }
        return copy;
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    private void ArrangeContentProject()
    {
        Directory.CreateDirectory(Path.Combine(Project, "scenes"));
        Directory.CreateDirectory(Models);   // empty: the perceptor is a local file and the CLIP vocabulary ships with the tool
        File.WriteAllText(Path.Combine(Project, "nuget.config"), $"""
            <configuration>
              <packageSources><clear /><add key="local" value="{Feed}" /></packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Project, "Content.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PyttiModelsDir>{Models}</PyttiModelsDir>
                <PyttiOffline>true</PyttiOffline>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="Pytti.Build" Version="0.1.0" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Project, "scenes", "tiny.pytti.yaml"), $"""
            scenes: a lighthouse
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 16
            height: 16
            steps_per_scene: 2
            save_every: 1
            cutouts: 2
            seed: 5
            file_namespace: tiny
            """);
    }

    private Result Run(string directory, params string[] arguments)
    {
        var (exit, text, elapsed) = DotnetCli.Run(directory, arguments, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages }, TimeSpan.FromMinutes(10));
        output.WriteLine($"dotnet {string.Join(' ', arguments.Take(2))}: exit {exit} in {elapsed.TotalSeconds:F1} s");
        return new Result(exit, text, string.Join(' ', arguments));
    }

    private sealed record Result(int ExitCode, string Text, string Command)
    {
        public void Succeeded() => Assert.True(ExitCode == 0, $"dotnet {Command} exited {ExitCode}:\n{Text}");
    }
}

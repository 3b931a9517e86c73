namespace Pytti.Build.Tests;

public sealed class ToolLocatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pytti-locator-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Touch(string name)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void Dll_runs_with_the_dotnet_host_of_the_build()
    {
        var host = Touch("dotnet");
        var tool = ToolLocator.Find("/x/pytti.dll", v => v == "DOTNET_HOST_PATH" ? host : null);
        Assert.Equal(new ToolLocator(host, "/x/pytti.dll"), tool);
    }

    [Fact]
    public void Bare_name_is_found_on_path_then_in_dotnet_tools()
    {
        if (OperatingSystem.IsWindows()) return;
        var onPath = Touch("bin/pytti");
        Assert.Equal(onPath, ToolLocator.Find("pytti", v => v == "PATH" ? Path.Combine(_dir, "bin") : null)!.Executable);
        var global = Touch("home/.dotnet/tools/pytti");
        Assert.Equal(global, ToolLocator.Find("pytti", v => v == "HOME" ? Path.Combine(_dir, "home") : null)!.Executable);
    }

    [Fact]
    public void Missing_tool_is_null_and_a_path_is_taken_as_it_is()
    {
        Assert.Null(ToolLocator.Find("pytti", v => v == "PATH" ? _dir : null));
        Assert.Equal(new ToolLocator("/opt/pytti/pytti", null), ToolLocator.Find("/opt/pytti/pytti", _ => null));
    }

    [Fact]
    public void A_local_tool_manifest_listing_pytti_wins_and_runs_its_restored_package()
    {
        var host = Touch("dotnet");
        var global = Touch("home/.dotnet/tools/pytti");
        Environment(out var env, host);
        var project = Path.Combine(_dir, "repo", "content", "scenes");
        Directory.CreateDirectory(project);
        Assert.Equal(global, ToolLocator.Find("pytti", env, project)!.Executable);   // no manifest: the global tool

        var manifest = Path.Combine(_dir, "repo", ".config", "dotnet-tools.json");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllText(manifest, """{ "version": 1, "isRoot": true, "tools": { "pytti.cli": { "version": "0.1.0", "commands": ["pytti"] } } }""");
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var restored = Path.Combine(_dir, "home", ".nuget", "packages", "pytti.cli." + rid, "0.1.0", "tools", "net10.0", rid, "pytti.dll");
        var local = ToolLocator.Find("pytti", env, project)!;
        Assert.Equal((host, restored, manifest), (local.Executable, local.Assembly, local.LocalManifest));   // not restored yet: named anyway
        Touch(Path.GetRelativePath(_dir, restored));
        Assert.Equal(["exec", restored], ToolLocator.Find("pytti", env, project)!.Prefix);
        Assert.StartsWith($"exec {restored} render ", RenderCommandLine.Build(local.Prefix, "/c/a.pytti.yaml", [], "/o", new RenderOptions()));

        // a nearer manifest without Pytti.Cli does not hide it, and PyttiToolPath set to a path is taken as it is
        File.WriteAllText(Path.Combine(_dir, "repo", "content", "dotnet-tools.json"), """{ "version": 1, "tools": { "dotnet-ef": { "version": "9.0.0", "commands": ["dotnet-ef"] } } }""");
        Assert.Equal(manifest, ToolLocator.Find("pytti", env, project)!.LocalManifest);
        Assert.Null(ToolLocator.Find("/opt/pytti", env, project)!.LocalManifest);
    }

    private void Environment(out Func<string, string?> env, string host)
    {
        var home = Path.Combine(_dir, "home");
        env = v => v switch { "DOTNET_HOST_PATH" => host, "HOME" or "USERPROFILE" => home, _ => null };
    }
}

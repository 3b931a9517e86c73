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
}

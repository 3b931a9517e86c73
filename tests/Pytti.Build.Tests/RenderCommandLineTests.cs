namespace Pytti.Build.Tests;

public class RenderCommandLineTests
{
    [Fact]
    public void Executable_gets_render_file_overrides_and_json()
    {
        var text = RenderCommandLine.Build([], "/c/a.pytti.yaml", ["allow_overwrite=true", "scenes=a red boat | ink"], "/c/bin/pytti/a/", new RenderOptions());
        Assert.Equal("""render /c/a.pytti.yaml --set allow_overwrite=true --set "scenes=a red boat | ink" --output /c/bin/pytti/a/ --json""", text);
    }

    [Fact]
    public void Dll_runs_through_dotnet_exec_with_every_option()
    {
        var text = RenderCommandLine.Build(["exec", "/tools/pytti.dll"], "/c/my scenes/a.pytti.yaml", [], "/o", new("/models", "cuda:1", "/c/obj/pytti/cache/", true));
        Assert.Equal("""exec /tools/pytti.dll render "/c/my scenes/a.pytti.yaml" --output /o --models-dir /models --device cuda:1 --cache /c/obj/pytti/cache/ --offline --json""", text);
    }

    [Fact]
    public void PyttiRemoteCache_becomes_remote_cache_options_and_read_only_also_applies_to_the_environment_url()
    {
        var text = RenderCommandLine.Build([], "/c/a.pytti.yaml", [], "/o", new() { RemoteCache = "http://cache:8080/pytti", RemoteCacheReadOnly = true });
        Assert.Equal("render /c/a.pytti.yaml --output /o --remote-cache http://cache:8080/pytti --remote-cache-read-only --json", text);
        var readOnlyAlone = RenderCommandLine.Build([], "/c/a.pytti.yaml", [], "/o", new() { RemoteCacheReadOnly = true });
        Assert.Equal("render /c/a.pytti.yaml --output /o --remote-cache-read-only --json", readOnlyAlone);
    }
}

using System.Diagnostics;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Pipeline.Tests.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Cache;

/// <summary>A cache that is busy, unusable or littered by a killed render: a wait that says for whom, an immediate error, a clean-up.</summary>
public sealed class CacheLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-lock-");
    private string Cache => Path.Combine(_dir.FullName, "cache");

    public CacheLockTests() => TinyRenders.Store(_dir.FullName);

    public void Dispose()
    {
        if (Directory.Exists(Path.Combine(_dir.FullName, "ro"))) Process.Start("umount", Path.Combine(_dir.FullName, "ro"))!.WaitForExit();
        _dir.Delete(recursive: true);
    }

    private RenderRequest Request(string cache) => TinyRenders.Hello(_dir.FullName, Path.Combine(_dir.FullName, "store"), "steps_per_scene=1", "video_container=none",
        $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]")
        with { CacheDirectory = cache };

    [Fact]
    public void A_render_waiting_for_the_cache_says_who_holds_it_and_finishes_once_it_is_released()
    {
        var held = CacheLock.Acquire(Cache, TimeSpan.FromMinutes(1), "the test holding the cache");
        var progress = new RecordingProgress { OnWaiting = _ => held.Dispose() };
        var result = RenderJob.Run(Request(Cache), progress);
        var wait = Assert.Single(progress.Waits);
        Assert.Equal($"waiting for the cache {Cache}, in use by pid {Environment.ProcessId} on {Environment.MachineName} (the test holding the cache) since ", wait[..wait.LastIndexOf("since ", StringComparison.Ordinal)] + "since ");
        Assert.Equal(1, result.FramesRendered);
    }

    [Fact]
    public void A_read_only_cache_is_an_immediate_error_that_says_what_to_do()
    {
        var cache = ReadOnlyFolder();
        var e = Assert.Throws<RenderException>(() => RenderJob.Run(Request(cache), new RecordingProgress()));
        Assert.Equal("PYTTI306", e.Code);
        Assert.StartsWith($"{cache}: the frame cache cannot be used: ", e.Message);
        Assert.EndsWith("Make the folder writable, or pass another --cache folder.", e.Message);
    }

    /// <summary>A folder this process cannot write: a read-only tmpfs for root (whom permissions do not stop), else mode 0555.</summary>
    private string ReadOnlyFolder()
    {
        var folder = Path.Combine(_dir.FullName, "ro");
        Directory.CreateDirectory(folder);
        if (Environment.UserName == "root")
        {
            using var mount = Process.Start("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "none", folder])!;
            mount.WaitForExit();
            Assert.Equal(0, mount.ExitCode);
        }
        else if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return folder;
    }

    [Fact]
    public void Temporary_files_of_a_killed_render_are_removed_by_the_next_one_and_a_live_writers_are_kept()
    {
        var output = Path.Combine(_dir.FullName, "out");
        using var dead = Process.Start("true")!;
        dead.WaitForExit();
        var stale = new[]
        {
            AtomicFile.TempPath(Path.Combine(Cache, "objects", "ab", "abcd")).Replace($".{Environment.ProcessId}-", $".{dead.Id}-"),
            AtomicFile.TempPath(Path.Combine(output, "hello_1.png"), ".png").Replace($".{Environment.ProcessId}-", $".{dead.Id}-"),
        };
        var live = AtomicFile.TempPath(Path.Combine(Cache, "frames", "x.json"));
        foreach (var file in stale.Append(live))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "half");
        }
        RenderJob.Run(Request(Cache), new RecordingProgress());
        Assert.All(stale, f => Assert.False(File.Exists(f), f));
        Assert.True(File.Exists(live));
    }
}

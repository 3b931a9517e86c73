using System.Diagnostics;
using Pytti.Cli;

namespace Pytti.Cli.Tests;

/// <summary>
/// Renders whose output folder or frame cache sits on a disk that is full or read-only: a clear
/// error (exit 1) that says which folder and what to do, nothing corrupt left behind, and a rerun
/// after the disk is fixed that finishes with the bytes of an undisturbed render. The disks are small
/// tmpfs mounts (<c>mount -t tmpfs -o size=...</c>; the tests run as root, where chmod would not stop a
/// write); a filler file uses up the space and is deleted to "free" it.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-full-disk-");
    private string Disk => Path.Combine(_dir.FullName, "disk");
    private string Filler => Path.Combine(Disk, "filler");
    private string Scene => Path.Combine(_dir.FullName, "s.pytti.yaml");
    private bool _mounted;

    public FullDiskTests()
    {
        TinyCliRenders.Store(_dir.FullName);
        File.WriteAllText(Scene, TinyCliRenders.Scene("a lighthouse || a storm", stepsPerScene: 2, seed: 5, "file_namespace: s\n"));
    }

    public void Dispose()
    {
        if (_mounted) Mount("umount", Disk);
        _dir.Delete(recursive: true);
    }

    /// <summary>A tmpfs of <paramref name="options"/> (<c>size=256k</c>, <c>ro</c>) at <see cref="Disk"/>.</summary>
    private void MountDisk(string options)
    {
        Directory.CreateDirectory(Disk);
        Mount("mount", "-t", "tmpfs", "-o", options, "tmpfs", Disk);
        _mounted = true;
    }

    private static void Mount(params string[] args)
    {
        var info = new ProcessStartInfo(args[0]) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args.Skip(1)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var error = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000) && p.ExitCode == 0, $"{string.Join(' ', args)} failed ({error.Trim()}): these tests need to mount a tmpfs (root or CAP_SYS_ADMIN)");
    }

    /// <summary>Fills the disk, leaving <paramref name="free"/> bytes, so that a later write fails with ENOSPC.</summary>
    private void Fill(int free = 0)
    {
        using var stream = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        var block = new byte[4096];
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            stream.SetLength(stream.Length - free);   // full, less what is to stay free
        }
    }

    private (int Exit, string Out, string Error) Render(string cache, string output)
    {
        var stdout = new StringWriter();
        var error = new StringWriter();
        var exit = PyttiApp.Run(["render", Scene, "--models-dir", Path.Combine(_dir.FullName, "store"), "--offline", "--json", "--cache", cache, "-o", output],
            CliEnvironment.Capture(stdout, error, _dir.FullName));
        return (exit, stdout.ToString(), error.ToString());
    }

    private static Dictionary<string, byte[]> Frames(string output) =>
        Directory.GetFiles(output, "s_*.png").Where(f => !f.EndsWith("_losses.png", StringComparison.Ordinal)).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    /// <summary>The frames an undisturbed render on an ordinary disk gives.</summary>
    private Dictionary<string, byte[]> Reference()
    {
        var output = Path.Combine(_dir.FullName, "reference");
        var (exit, stdout, error) = Render(Path.Combine(_dir.FullName, "reference-cache"), output);
        Assert.True(exit == 0, error + stdout);
        return Frames(output);
    }

    /// <summary>Every frame file present is whole: byte for byte a frame of the reference.</summary>
    private static void NothingCorrupt(Dictionary<string, byte[]> reference, string output)
    {
        if (!Directory.Exists(output)) return;
        foreach (var (name, bytes) in Frames(output)) Assert.Equal(reference[name], bytes);
        Assert.Empty(Directory.GetFiles(output, "*.tmp*"));
    }

    private static void SameFrames(Dictionary<string, byte[]> reference, string output)
    {
        var actual = Frames(output);
        Assert.Equal(reference.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in reference) Assert.Equal(bytes, actual[name]);
    }

    [Fact]
    public void A_full_output_disk_is_a_clear_error_and_a_rerun_after_freeing_space_finishes_with_the_same_bytes()
    {
        var reference = Reference();
        MountDisk("size=256k");
        var output = Path.Combine(Disk, "out");
        Fill();
        var (exit, stdout, error) = Render(Path.Combine(_dir.FullName, "cache"), output);
        Assert.True(exit == PyttiApp.ExitUserError, error + stdout);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(error, $@"^pytti: error PYTTI303: {System.Text.RegularExpressions.Regex.Escape(output)}.*: cannot write .*No space left on device.*Check free disk space"), error);
        NothingCorrupt(reference, output);

        File.Delete(Filler);
        (exit, stdout, error) = Render(Path.Combine(_dir.FullName, "cache"), output);
        Assert.True(exit == 0, error + stdout);
        SameFrames(reference, output);
    }

    /// <summary>With no room at all the cache's lock cannot be taken; with a little, a frame's write into the cache fails mid-render.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(16384)]
    public void A_full_cache_disk_is_a_cache_error_and_a_rerun_after_freeing_space_finishes_with_the_same_bytes(int free)
    {
        var reference = Reference();
        MountDisk("size=256k");
        var cache = Path.Combine(Disk, "cache");
        var output = Path.Combine(_dir.FullName, "out");
        Fill(free);
        var (exit, stdout, error) = Render(cache, output);
        Assert.True(exit == PyttiApp.ExitUserError, error + stdout);
        Assert.True(error.StartsWith($"pytti: error PYTTI306: {cache}: ", StringComparison.Ordinal), error);
        Assert.True(error.Contains("No space left on device", StringComparison.Ordinal) && error.Contains("--cache", StringComparison.Ordinal), error);
        NothingCorrupt(reference, output);

        File.Delete(Filler);
        (exit, stdout, error) = Render(cache, output);
        Assert.True(exit == 0, error + stdout);
        SameFrames(reference, output);
    }

    [Fact]
    public void A_read_only_output_folder_is_a_clear_error_and_a_rerun_after_making_it_writable_finishes_with_the_same_bytes()
    {
        var reference = Reference();
        MountDisk("size=256k,ro");
        var output = Path.Combine(Disk, "out");
        var (exit, stdout, error) = Render(Path.Combine(_dir.FullName, "cache"), output);
        Assert.True(exit == PyttiApp.ExitUserError, error + stdout);
        Assert.Matches($@"^pytti: error PYTTI303: {System.Text.RegularExpressions.Regex.Escape(output)}.*Read-only file system", error);

        Mount("mount", "-o", "remount,rw", Disk);
        (exit, stdout, error) = Render(Path.Combine(_dir.FullName, "cache"), output);
        Assert.True(exit == 0, error + stdout);
        SameFrames(reference, output);
    }
}

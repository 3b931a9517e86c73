using Pytti.BuildTasks;

namespace Pytti.Build.Tests;

/// <summary>
/// build/TorchSharp.targets' step for Debian 12 and Ubuntu 22.04: TorchSharp 0.107's libLibTorchSharp.so needs
/// GLIBCXX_3.4.32, which their libstdc++ lacks, for one symbol nothing binds. Tested on the real library from the package.
/// </summary>
public sealed class WeakenMissingVersionNeedsTests : IDisposable
{
    private const string Missing = "GLIBCXX_3.4.32";
    private readonly string _dir = Directory.CreateTempSubdirectory("pytti-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The library as the TorchSharp package ships it (never the patched copy in an output folder).</summary>
    private static string PackagedLibrary()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's package is restored: {path}");
        return path;
    }

    private static string SystemLibStdCxx() =>
        WeakenMissingVersionNeeds.FindSystemLibrary("libstdc++.so.6") ?? throw new InvalidOperationException("no libstdc++.so.6 on this machine");

    [Fact]
    public void The_packaged_library_needs_the_version_strongly_from_libstdcxx()
    {
        var needs = ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(PackagedLibrary()));
        var need = Assert.Single(needs, n => n.Version == Missing);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        Assert.Contains(needs, n => n.File == "libc.so.6" && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
    }

    [Fact]
    public void Marking_weak_changes_that_one_need_and_nothing_else()
    {
        var original = File.ReadAllBytes(PackagedLibrary());
        var patched = (byte[])original.Clone();
        Assert.True(ElfVersionNeeds.MarkWeak(patched, "libstdc++.so.6", Missing));
        Assert.False(ElfVersionNeeds.MarkWeak(patched, "libstdc++.so.6", Missing));   // already weak: nothing to do
        Assert.False(ElfVersionNeeds.MarkWeak(patched, "libstdc++.so.6", "GLIBCXX_9.9"));   // not needed at all

        var before = ElfVersionNeeds.ReadNeeds(original);
        var after = ElfVersionNeeds.ReadNeeds(patched);
        Assert.Equal(before.Select(n => (n.File, n.Version)), after.Select(n => (n.File, n.Version)));
        Assert.All(after, n => Assert.Equal(n.Version == Missing, n.IsWeak));
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Single(changed);   // VER_FLG_WEAK is one bit of one flags field
    }

    [Fact]
    public void The_system_library_s_versions_are_read_from_its_definitions()
    {
        var libstdcxx = File.ReadAllBytes(SystemLibStdCxx());
        Assert.True(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_3.4"));
        Assert.True(ElfVersionNeeds.DefinesVersion(libstdcxx, "CXXABI_1.3"));
        Assert.False(ElfVersionNeeds.DefinesVersion(libstdcxx, "GLIBCXX_99.0"));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.DefinesVersion(new byte[100], "GLIBCXX_3.4"));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadNeeds(libstdcxx[..200]));
    }

    [Fact]
    public void The_task_weakens_only_versions_the_system_lacks_and_rewrites_a_copy()
    {
        var library = Path.Combine(_dir, "libLibTorchSharp.so");
        File.Copy(PackagedLibrary(), library);
        var systemHasIt = ElfVersionNeeds.DefinesVersion(File.ReadAllBytes(SystemLibStdCxx()), Missing);

        // a version this machine's libstdc++ defines is never touched
        Assert.True(Run(library, "GLIBCXX_3.4.30;GLIBCXX_3.4"));
        Assert.Equal(File.ReadAllBytes(PackagedLibrary()), File.ReadAllBytes(library));

        Assert.True(Run(library, Missing));
        var need = Assert.Single(ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(library)), n => n.Version == Missing);
        Assert.Equal(!systemHasIt, need.IsWeak);
        Assert.Empty(Directory.GetFiles(_dir, "*.weak-tmp"));
    }

    [Fact]
    public void The_build_output_s_copy_loads_here()
    {
        // This test process has loaded TorchSharp from the build output; where the system lacks the version the copy
        // there is the weakened one, and it loaded (a tensor op ran).
        using var t = TorchSharp.torch.ones(2);
        using var sum = t.sum();
        Assert.Equal(2.0f, sum.item<float>());
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var need = Assert.Single(ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(output)), n => n.Version == Missing);
        var systemHasIt = ElfVersionNeeds.DefinesVersion(File.ReadAllBytes(SystemLibStdCxx()), Missing);
        Assert.Equal(!systemHasIt, need.IsWeak);
    }

    private static bool Run(string library, string versions)
    {
        var task = new WeakenMissingVersionNeeds { Library = library, Versions = versions, BuildEngine = new FakeBuildEngine() };
        return task.Execute();
    }
}

// Reads and edits the symbol-version requirements of a 64-bit little-endian ELF shared library
// (.gnu.version_r / .gnu.version_d), without loading it. Used by build/TorchSharp.targets (compiled there as an inline task)
// and by its tests (tests/Pytti.Build.Tests links this file).
#nullable enable
using System;
using System.IO;
using System.Text;

namespace Pytti.BuildTasks
{
    /// <summary>
    /// Symbol versions in ELF files: whether a library defines a version (<c>GLIBCXX_3.4.32</c> in libstdc++), and
    /// marking one version a library needs as weak (<c>VER_FLG_WEAK</c>), so that the dynamic loader accepts a
    /// provider that lacks it. A weak need is still bound where the provider has it.
    /// </summary>
    public static class ElfVersionNeeds
    {
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        public const ushort VerFlagWeak = 0x2;

        /// <summary>One version a library needs: the file that must provide it, the version name, its flags and where the flags live.</summary>
        public readonly struct Need
        {
            public Need(string file, string version, ushort flags, long flagsOffset)
            {
                File = file; Version = version; Flags = flags; FlagsOffset = flagsOffset;
            }
            public string File { get; }
            public string Version { get; }
            public ushort Flags { get; }
            public long FlagsOffset { get; }
            public bool IsWeak => (Flags & VerFlagWeak) != 0;
        }

        /// <summary>Every (file, version) pair of <c>.gnu.version_r</c>.</summary>
        public static Need[] ReadNeeds(byte[] elf)
        {
            var result = new System.Collections.Generic.List<Need>();
            foreach (var (offset, size, strtab, count) in Sections(elf, ShtGnuVerneed))
            {
                long entry = offset;
                for (var i = 0; i < count; i++)
                {
                    Require(elf, entry, 16);
                    var auxCount = U16(elf, entry + 2);
                    var file = Str(elf, strtab, U32(elf, entry + 4));
                    long aux = entry + U32(elf, entry + 8);
                    for (var j = 0; j < auxCount; j++)
                    {
                        Require(elf, aux, 16);
                        result.Add(new Need(file, Str(elf, strtab, U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));   // Vernaux: hash, flags, other, name, next
                        var nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    var next = U32(elf, entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
                if (entry >= offset + size + 16) throw new InvalidDataException("version needs run past their section");
            }
            return result.ToArray();
        }

        /// <summary>Whether <c>.gnu.version_d</c> defines <paramref name="version"/> (e.g. the system libstdc++ and GLIBCXX_3.4.32).</summary>
        public static bool DefinesVersion(byte[] elf, string version)
        {
            foreach (var (offset, _, strtab, count) in Sections(elf, ShtGnuVerdef))
            {
                long entry = offset;
                for (var i = 0; i < count; i++)
                {
                    Require(elf, entry, 20);
                    long aux = entry + U32(elf, entry + 12);
                    if (U16(elf, entry + 6) > 0 && Str(elf, strtab, U32(elf, aux)) == version) return true;
                    var next = U32(elf, entry + 16);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return false;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on the need for <paramref name="version"/> from <paramref name="file"/>. Returns false when the
        /// library does not need that version, or already needs it weakly (nothing changed).
        /// </summary>
        public static bool MarkWeak(byte[] elf, string file, string version)
        {
            foreach (var need in ReadNeeds(elf))
            {
                if (need.File != file || need.Version != version || need.IsWeak) continue;
                var flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)flags;
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                return true;
            }
            return false;
        }

        // (offset, size, linked string table offset, entry count from sh_info) of each section of a type.
        private static System.Collections.Generic.IEnumerable<(long, long, long, uint)> Sections(byte[] elf, uint type)
        {
            Require(elf, 0, 64);
            if (elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");
            var shoff = (long)U64(elf, 0x28);
            var shentsize = U16(elf, 0x3a);
            var shnum = U16(elf, 0x3c);
            if (shentsize < 64) throw new InvalidDataException("section headers too small");
            for (var i = 0; i < shnum; i++)
            {
                var sh = shoff + (long)i * shentsize;
                Require(elf, sh, 64);
                if (U32(elf, sh + 4) != type) continue;
                var link = U32(elf, sh + 40);
                var linked = shoff + (long)link * shentsize;
                Require(elf, linked, 64);
                yield return ((long)U64(elf, sh + 24), (long)U64(elf, sh + 32), (long)U64(elf, linked + 24), U32(elf, sh + 44));
            }
        }

        private static void Require(byte[] elf, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset > elf.LongLength - length) throw new InvalidDataException("truncated ELF file");
        }

        private static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        private static string Str(byte[] b, long table, uint index)
        {
            var start = table + index;
            Require(b, start, 1);
            var end = start;
            while (end < b.LongLength && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
        }
    }

    /// <summary>
    /// MSBuild task: where this machine's libstdc++ lacks a symbol version that TorchSharp's native library asks for
    /// (libLibTorchSharp.so 0.107 needs GLIBCXX_3.4.32 from GCC 13, Debian 12 ships 3.4.30, Ubuntu 22.04 3.4.30 too),
    /// marks that one need weak in the copy in the build output, so that the loader accepts the older libstdc++.
    /// This is safe only for versions through which no relocation binds a symbol: TorchSharp 0.107 needs 3.4.32 for
    /// <c>std::ios_base_library_init()</c> alone, a symbol that nothing calls (GCC 13 emits the reference for
    /// <c>&lt;iostream&gt;</c>). So only the versions named in <see cref="Versions"/> are weakened, never others.
    /// The file is rewritten atomically; the NuGet cache (possibly hard-linked to the output) is never written.
    /// </summary>
    public sealed class WeakenMissingVersionNeeds : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string Library { get; set; } = "";
        /// <summary>The file that provides the versions (the soname in the library's needs).</summary>
        public string Provider { get; set; } = "libstdc++.so.6";
        /// <summary>Versions that may be weakened, semicolon-separated.</summary>
        [Microsoft.Build.Framework.Required] public string Versions { get; set; } = "";
        /// <summary>The system's copy of <see cref="Provider"/>; found in the usual library folders when empty.</summary>
        public string SystemProvider { get; set; } = "";
        /// <summary>
        /// Weaken the listed versions whatever this machine has: for published and packed outputs, which run on other
        /// machines (a weak need is still bound where the version exists, so this costs nothing there).
        /// </summary>
        public bool Always { get; set; }

        public override bool Execute()
        {
            if (!File.Exists(Library)) return true;
            var system = string.IsNullOrEmpty(SystemProvider) ? FindSystemLibrary(Provider) : SystemProvider;
            if (!Always && (system is null || !File.Exists(system)))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"No system {Provider} found; {Library} left as it is.");
                return true;
            }
            var provider = Always ? Array.Empty<byte>() : File.ReadAllBytes(system!);
            var elf = File.ReadAllBytes(Library);
            var changed = false;
            foreach (var version in Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = version.Trim();
                if (!Always && ElfVersionNeeds.DefinesVersion(provider, name)) continue;
                if (!ElfVersionNeeds.MarkWeak(elf, Provider, name)) continue;
                changed = true;
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, Always
                    ? $"Marked {Path.GetFileName(Library)}'s need for {name} weak for machines whose libstdc++ lacks it (it binds no symbol)."
                    : $"{system} lacks {name}: marked {Path.GetFileName(Library)}'s need for it weak (it binds no symbol).");
            }
            if (!changed) return true;
            var stamp = File.GetLastWriteTimeUtc(Library);
            var temp = Library + ".weak-tmp";
            File.WriteAllBytes(temp, elf);
            File.SetLastWriteTimeUtc(temp, stamp);
            File.Replace(temp, Library, null);   // rename(2) on Unix: atomic
            return !Log.HasLoggedErrors;
        }

        /// <summary>The first of the usual library folders that holds <paramref name="soname"/>.</summary>
        public static string? FindSystemLibrary(string soname)
        {
            string[] folders =
            {
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/usr/lib64", "/lib64", "/usr/lib", "/lib",
            };
            foreach (var folder in folders)
            {
                var path = Path.Combine(folder, soname);
                if (File.Exists(path)) return path;
            }
            return null;
        }
    }
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace Pytti.Models.Store;

/// <summary>
/// What identifies a file's content without reading it: size, modification time, and on Linux the inode and
/// change time (<c>statx</c>). Rewriting a file in place and restoring its size and mtime still moves its ctime;
/// replacing it by rename changes its inode. Elsewhere the last two read "-" and only size and mtime count.
/// </summary>
internal static partial class FileIdentity
{
    /// <summary>Four space-separated fields: size, mtime ticks, inode, ctime (seconds.nanoseconds).</summary>
    public static string Of(string file)
    {
        var info = new FileInfo(file);
        var size = info.Length.ToString(CultureInfo.InvariantCulture);
        var mtime = info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        var (inode, ctime) = OperatingSystem.IsLinux() ? LinuxStat(file) : ("-", "-");
        return $"{size} {mtime} {inode} {ctime}";
    }

    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100, StatxCtime = 0x80;
    private const int StatxSize = 256, InoOffset = 32, CtimeOffset = 96;   // struct statx: the same layout on every Linux architecture

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer);

    private static (string Inode, string Ctime) LinuxStat(string file)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, file, 0, StatxIno | StatxCtime, buffer) != 0) return ("-", "-");
        }
        catch (EntryPointNotFoundException) { return ("-", "-"); }   // a libc older than statx (glibc 2.28)
        var inode = BitConverter.ToUInt64(buffer[InoOffset..]);
        var seconds = BitConverter.ToInt64(buffer[CtimeOffset..]);
        var nanoseconds = BitConverter.ToUInt32(buffer[(CtimeOffset + 8)..]);
        return (inode.ToString(CultureInfo.InvariantCulture), $"{seconds}.{nanoseconds:D9}");
    }
}

using Microsoft.Win32.SafeHandles;

namespace Pytti.Torch.Serialization;

/// <summary>A byte range of a file, read on demand (the file is opened per read, never held open).</summary>
internal sealed class FileRangeSource(string path, long start, long length) : IByteSource
{
    public string Path { get; } = path;

    public long Start { get; internal set; } = start;

    public long Length { get; internal set; } = length;

    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
            throw WeightFormatException.Corrupt(Path, $"a read of {destination.Length} bytes at {offset} runs past a stored blob of {Length} bytes");
        using SafeFileHandle handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ReadExactly(handle, Start + offset, destination);
    }

    private void ReadExactly(SafeFileHandle handle, long position, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            int read = RandomAccess.Read(handle, destination, position);
            if (read == 0)
                throw WeightFormatException.Corrupt(Path, "the file ends before the data of a tensor");
            destination = destination[read..];
            position += read;
        }
    }
}

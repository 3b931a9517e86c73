namespace Pytti.Torch.Serialization;

/// <summary>Recognises a file's kind from its first bytes, to pick a reader or say what the file is instead.</summary>
internal static class FileSignature
{
    public const int HeadLength = 512;

    public static bool IsZip(ReadOnlySpan<byte> head) =>
        head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8);

    /// <summary>What an unsupported file seems to be, for the error message.</summary>
    public static string Describe(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0) return "the file is empty";
        if (head.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47])) return "this is a PNG image, not a weight file";
        if (head.StartsWith((byte[])[0xFF, 0xD8, 0xFF])) return "this is a JPEG image, not a weight file";
        if (head.StartsWith((byte[])[0x89, 0x48, 0x44, 0x46])) return "this is an HDF5 file (Keras), not a PyTorch or safetensors file";
        if (head.StartsWith("GGUF"u8)) return "this is a GGUF file (llama.cpp), which this reader does not support";
        if (head.StartsWith((byte[])[0x1F, 0x8B])) return "this is a gzip archive; unpack it first";
        if (head.Length > 262 && head[257..262].SequenceEqual("ustar"u8)) return "this is a tar archive (torch.save before PyTorch 0.4 or a packed download), which this reader does not support";
        if (head[0] == 0x80) return "this is a plain Python pickle, not a file written by torch.save";
        if (head.StartsWith("version https://git-lfs"u8)) return "this is a Git LFS pointer, not the weights themselves (run 'git lfs pull' to fetch them)";
        if (head[0] == (byte)'{') return "this is a JSON file (a sharded checkpoint's index lists the shard files to load instead)";
        return $"the content is not a known weight format (first bytes: {Convert.ToHexString(head[..Math.Min(8, head.Length)])})";
    }
}

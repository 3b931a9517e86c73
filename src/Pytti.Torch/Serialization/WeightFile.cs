namespace Pytti.Torch.Serialization;

/// <summary>
/// Loads model weights from safetensors, PyTorch zip and legacy checkpoints, TorchScript archives
/// and Lightning checkpoints, detected by content (never by extension). Only the header and the
/// pickle are read up front; tensor bytes are read when a <see cref="TensorRecord"/> is materialised.
/// </summary>
public static class WeightFile
{
    public static StateDict Load(string path, WeightLoadOptions? options = null) =>
        Guard(path, () =>
        {
            var format = Sniff(path);
            return format switch
            {
                WeightFormat.SafeTensors => SafeTensorsReader.Read(path),
                WeightFormat.TorchLegacy => StateDictBuilder.Build(TorchLegacyReader.Read(path), options ?? new()),
                _ => StateDictBuilder.Build(TorchZipReader.Read(path), options ?? new()),
            };
        });

    public static WeightFormat DetectFormat(string path) =>
        Guard(path, () =>
        {
            var format = Sniff(path);
            return format == WeightFormat.TorchZip ? TorchZipReader.Read(path).Format : format;
        });

    /// <summary>The format from the first bytes; zips are reported as <see cref="WeightFormat.TorchZip"/> until their pickle is read.</summary>
    private static WeightFormat Sniff(string path)
    {
        var head = new byte[FileSignature.HeadLength];
        long length;
        using (var file = File.OpenRead(path))
        {
            length = file.Length;
            head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        if (FileSignature.IsZip(head)) return WeightFormat.TorchZip;
        if (TorchLegacyReader.HasSignature(head)) return WeightFormat.TorchLegacy;
        if (SafeTensorsReader.HasSignature(head, length)) return WeightFormat.SafeTensors;
        throw new WeightFormatException(path, FileSignature.Describe(head),
            "Pass a .safetensors file or a PyTorch checkpoint (.pt, .pth, .ckpt, .bin) written by torch.save or torch.jit.save",
            WeightErrorCodes.UnsupportedFormat);
    }

    // File-system problems and malformed data that slipped past the readers' checks become WeightFormatExceptions.
    private static T Guard<T>(string path, Func<T> read)
    {
        if (!File.Exists(path))
            throw new WeightFormatException(path, Directory.Exists(path) ? "this is a folder, not a weight file" : "the file does not exist",
                "Check the path", WeightErrorCodes.FileNotFound);
        try
        {
            return read();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException and not EndOfStreamException)
        {
            throw new WeightFormatException(path, $"the file cannot be read ({e.Message})", "Check its permissions", WeightErrorCodes.FileNotFound, e);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or InvalidCastException or OverflowException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or KeyNotFoundException)
        {
            throw WeightFormatException.Corrupt(path, $"its content is malformed ({e.Message})", e);
        }
    }
}

using System.Diagnostics;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>Decodes an image file to RGB [1, 3, H, W] float 0..255 through the ffmpeg and ffprobe executables.</summary>
internal static class TestImages
{
    public static Tensor ReadRgb255(string path)
    {
        var size = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]);
        var parts = System.Text.Encoding.ASCII.GetString(size).Trim().Split(',');
        var (w, h) = (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        var rgb = Run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        Assert.Equal(h * w * 3, rgb.Length);
        using var scope = NewDisposeScope();
        var pixels = tensor(rgb, [h, w, 3]);                                                          // [H, W, 3] bytes
        return pixels.to(ScalarType.Float32).permute(2, 0, 1).unsqueeze(0).contiguous().MoveToOuterDisposeScope(); // [1, 3, H, W]
    }

    private static byte[] Run(string exe, string[] args)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{exe} failed: {error.Result}");
        return output.ToArray();
    }
}

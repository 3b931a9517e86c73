using System.Diagnostics;
using System.Text;

namespace Pytti.Pipeline.Media;

/// <summary>Runs <c>ffmpeg</c>/<c>ffprobe</c> as processes with raw bytes over pipes. <c>PYTTI_FFMPEG</c> overrides the ffmpeg path.</summary>
internal static class Ffmpeg
{
    public static string FfmpegPath => Environment.GetEnvironmentVariable("PYTTI_FFMPEG") is { Length: > 0 } p ? p : "ffmpeg";

    public static string FfprobePath =>
        Environment.GetEnvironmentVariable("PYTTI_FFMPEG") is { Length: > 0 } p
            ? Path.Combine(Path.GetDirectoryName(p) ?? "", "ffprobe")
            : "ffprobe";

    /// <summary>Runs a tool, feeding <paramref name="input"/> to stdin; returns stdout. Non-zero exit → <see cref="MediaException"/> with stderr.</summary>
    public static byte[] Run(string tool, IEnumerable<string> args, byte[]? input, string what)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MediaException($"{what}: could not start {tool}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MediaException($"{what}: '{tool}' was not found. Install FFmpeg (build/setup.sh does: apt-get install ffmpeg) or set PYTTI_FFMPEG.", e);
        }
        using (process)
        {
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            var feed = Task.Run(() =>
            {
                try
                {
                    if (input is not null) process.StandardInput.BaseStream.Write(input);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // ffmpeg closed its input early; its exit code and stderr tell why.
                }
            });
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            feed.Wait();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string message;
                lock (stderr) message = stderr.ToString().Trim();
                throw new MediaException($"{what}: {tool} failed (exit {process.ExitCode}): {LastLines(message)}");
            }
            return output.ToArray();
        }
    }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.TakeLast(3));
    }
}

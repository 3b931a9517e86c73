using System.Diagnostics;

namespace Pytti.Pipeline.Media;

/// <summary>
/// Runs <c>ffmpeg</c>/<c>ffprobe</c> as processes with raw bytes over pipes. <c>PYTTI_FFMPEG</c> overrides the ffmpeg path.
/// Kept beside FFMpegCore (<see cref="FfmpegCoreRun"/>, which encodes videos and decodes audio) for what it does not serve:
/// <see cref="VideoFrames"/> pulls frames from a long-running decoder's stdout as a render reaches them and counts frames
/// with <c>ffprobe -count_packets</c>, where FFMpegCore pushes a whole output into a sink within one call and its probe
/// reports no counted packets; and stills in formats Skia does not decode (<see cref="FfmpegImage"/>). See the README.
/// </summary>
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
        var (process, stderr) = Start(tool, args, what);
        using (process)
        {
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
                throw new MediaException($"{what}: {tool} failed (exit {process.ExitCode}): {stderr}");
            return output.ToArray();
        }
    }

    /// <summary>
    /// Starts a tool that writes a long stream to stdout, read piece by piece as the caller needs it
    /// (a decoder kept open across reads instead of one process per piece). Stdin is closed at once.
    /// </summary>
    public static OutputStream Stream(string tool, IEnumerable<string> args, string what)
    {
        var (process, stderr) = Start(tool, args, what);
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone: reading stdout finds the end and Finish says why.
        }
        return new OutputStream(process, stderr, tool);
    }

    /// <summary>Starts <paramref name="tool"/> with all three pipes redirected and stderr drained as it comes (so a chatty tool never blocks on it).</summary>
    private static (Process Process, ErrorTail Stderr) Start(string tool, IEnumerable<string> args, string what)
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
        var stderr = new ErrorTail();
        process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        process.BeginErrorReadLine();
        return (process, stderr);
    }

    /// <summary>
    /// The last three non-empty lines a tool wrote to stderr, joined by " | " for an error message. Only the
    /// tail is kept, so a long-running decoder that warns on every frame of a damaged file does not grow without bound.
    /// </summary>
    internal sealed class ErrorTail
    {
        private const int Lines = 3;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (string.IsNullOrEmpty(line)) return;
            lock (_lines)
            {
                if (_lines.Count == Lines) _lines.Dequeue();
                _lines.Enqueue(line);
            }
        }

        public override string ToString()
        {
            lock (_lines) return string.Join(" | ", _lines);
        }
    }

    /// <summary>A running tool's stdout (see <see cref="Stream"/>). Disposing kills the tool if it still runs and reaps it.</summary>
    internal sealed class OutputStream : IDisposable
    {
        private readonly Process _process;
        private readonly ErrorTail _stderr;
        private readonly string _tool;

        internal OutputStream(Process process, ErrorTail stderr, string tool) => (_process, _stderr, _tool) = (process, stderr, tool);

        public int ProcessId => _process.Id;

        /// <summary>Fills <paramref name="buffer"/> from stdout; returns how many bytes came, fewer only at the end of the stream.</summary>
        public int ReadFully(Span<byte> buffer) => _process.StandardOutput.BaseStream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

        /// <summary>After the end of stdout: waits for the tool to exit; null when it exited 0, else its exit code and last stderr lines.</summary>
        public string? Failure()
        {
            _process.WaitForExit();
            return _process.ExitCode == 0 ? null : $"{_tool} failed (exit {_process.ExitCode}): {_stderr}";
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}

using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;
using Instances.Exceptions;

namespace Pytti.Pipeline.Media;

/// <summary>
/// Runs an FFMpegCore job (video encode from raw frames, audio decode) with our binary location, our cancellation and
/// our error messages: a missing ffmpeg says what to install, a failing one names the file and gives its last words,
/// a cancelled one is asked to quit and killed after <see cref="QuitGrace"/>, so no process outlives the call.
/// <para>
/// FFMpegCore passes ffmpeg one argument string with paths in double quotes, so paths go in relative to a working
/// directory and a file name with a double quote in it is refused with a message rather than mis-split.
/// </para>
/// </summary>
internal static class FfmpegCoreRun
{
    public static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="job"/> in <paramref name="workingDirectory"/>; <paramref name="what"/> names the file in messages.</summary>
    public static void Run(FFMpegArgumentProcessor job, string workingDirectory, string what, CancellationToken cancellationToken)
    {
        var options = new FFOptions { BinaryFolder = BinaryFolder(), WorkingDirectory = workingDirectory };
        try
        {
            job.WithLogLevel(FFMpegLogLevel.Error).CancellableThrough(cancellationToken, QuitGrace).ProcessSynchronously(true, options);
        }
        catch (Exception e) when (e is InstanceFileNotFoundException || e.InnerException is InstanceFileNotFoundException)
        {
            throw new MediaException($"{what}: FFmpeg was not found (tried '{GlobalFFOptions.GetFFMpegBinaryPath(options)}'). "
                + "Install FFmpeg (build/setup.sh does: apt-get install ffmpeg) or set PYTTI_FFMPEG to its path.", e);
        }
        catch (FFMpegProcessException e) when (e.Result.Cancelled)
        {
            throw new OperationCanceledException($"{what}: ffmpeg was stopped.", e, cancellationToken);
        }
        catch (FFMpegProcessException e)
        {
            var tail = string.Join(" | ", e.Result.StandardError.Where(l => l.Length > 0).TakeLast(3));
            throw new MediaException($"{what}: ffmpeg failed (exit {e.Result.ExitCode}): {tail}", e);
        }
        catch (FFMpegException e)
        {
            throw new MediaException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>A name FFMpegCore can quote: no double quote in it.</summary>
    public static string Quotable(string fileName, string what) =>
        fileName.Contains('"', StringComparison.Ordinal)
            ? throw new MediaException($"{what}: FFmpeg is given paths in double quotes; rename the file without the '\"' in it.")
            : fileName;

    /// <summary>The folder of <c>PYTTI_FFMPEG</c> (a path to the ffmpeg binary, ffprobe beside it), or empty for the PATH.</summary>
    private static string BinaryFolder() =>
        Environment.GetEnvironmentVariable("PYTTI_FFMPEG") is { Length: > 0 } p ? Path.GetDirectoryName(Path.GetFullPath(p)) ?? "" : "";
}

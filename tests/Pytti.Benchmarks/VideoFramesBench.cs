using System.Diagnostics;
using System.Globalization;
using Pytti.Pipeline.Media;

namespace Pytti.Benchmarks;

/// <summary>
/// Reading every frame of a video in order, as a Video Source render does: each frame decoded alone from the start
/// of the file (<see cref="VideoFrames.ReadFromStart"/>, the former way, one ffmpeg process a frame) against
/// sequential decoding (<see cref="VideoFrames.Read"/>, one process for the whole video). Timed with a stopwatch over
/// whole passes, because one pass of the former takes seconds; prints the medians and the ratio.
/// </summary>
public static class VideoFramesBench
{
    public static void Run(int frames, int size, int runs)
    {
        var dir = Directory.CreateTempSubdirectory("pytti-bench-video-");
        try
        {
            var path = Path.Combine(dir.FullName, "pattern.mp4");
            MakeVideo(path, frames, size);
            using (var check = VideoFrames.Open(path))
            {
                if (check.Count != frames) throw new InvalidOperationException($"{path}: {check.Count} frames, expected {frames}");
                // The two must agree before their times mean anything.
                for (var n = 0; n < frames; n += 37)
                    if (!check.Read(n).Pixels.AsSpan().SequenceEqual(check.ReadFromStart(n).Pixels))
                        throw new InvalidOperationException($"frame {n}: sequential decoding differs from the select reference");
            }
            var select = Timing.Median(runs, () =>
            {
                using var video = VideoFrames.Open(path);
                for (var n = 0; n < frames; n++) video.ReadFromStart(n);
            });
            var sequential = Timing.Median(runs, () =>
            {
                using var video = VideoFrames.Open(path);
                for (var n = 0; n < frames; n++) video.Read(n);
            });
            Console.WriteLine($"Reading all {frames} frames of a {size}x{size} H.264 video in order; median of {runs} passes (after one warm-up)");
            Console.WriteLine($"{"select per frame",18} {"sequential",12} {"ratio",8}");
            Console.WriteLine($"{select,17:F2}s {sequential,11:F3}s {(select / sequential).ToString("F1", CultureInfo.InvariantCulture),8}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void MakeVideo(string path, int frames, int size)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}x{size}:rate=25",
            "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-pix_fmt", "yuv420p", path,
        }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make the video: {err}");
    }
}

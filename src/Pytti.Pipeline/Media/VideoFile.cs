using System.Globalization;
using Pytti.Scenes.Schema;

namespace Pytti.Pipeline.Media;

/// <summary>Encodes numbered PNG frames into a video with FFmpeg (MP4 H.264 yuv420p, WebM VP9 or GIF), atomically.</summary>
public static class VideoFile
{
    public static void Encode(IReadOnlyList<string> frames, string path, VideoOutput video)
    {
        if (frames.Count == 0) throw new MediaException($"{path}: no frames to encode.");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var list = AtomicFile.TempPath(Path.Combine(dir, Path.GetFileName(path)), ".txt");
        var temp = AtomicFile.TempPath(Path.Combine(dir, Path.GetFileNameWithoutExtension(path)), Path.GetExtension(path));
        try
        {
            // One frame every 1/fps exactly: -r before -i stamps the list's images at k/fps (written durations are rounded to
            // microseconds, which at 29.97 fps made the encoder duplicate frames).
            File.WriteAllLines(list, frames.Select(f => $"file '{f.Replace("'", "'\\''")}'"));
            var args = new List<string> { "-v", "error", "-nostdin", "-y", "-r", video.Fps.ToString("R", CultureInfo.InvariantCulture), "-f", "concat", "-safe", "0", "-i", list };
            args.AddRange(Codec(video));
            args.Add(temp);
            Ffmpeg.Run(Ffmpeg.FfmpegPath, args, null, path);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(list);
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static IEnumerable<string> Codec(VideoOutput video)
    {
        var fps = video.Fps.ToString(CultureInfo.InvariantCulture);
        var quality = video.Quality.ToString(CultureInfo.InvariantCulture);
        return video.Container switch
        {
            "gif" => ["-r", fps, "-f", "gif"],
            "webm" => ["-r", fps, "-c:v", video.Codec, "-crf", quality, "-b:v", "0", "-pix_fmt", "yuv420p"],
            _ => ["-r", fps, "-c:v", video.Codec, "-crf", quality, "-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"],
        };
    }
}

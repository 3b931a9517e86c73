using System.Globalization;
using FFMpegCore;
using FFMpegCore.Pipes;
using Pytti.Scenes.Schema;

namespace Pytti.Pipeline.Media;

/// <summary>
/// Encodes PNG frames into a video (MP4 H.264 yuv420p, WebM VP9 or GIF), atomically, through FFMpegCore: the frames
/// are decoded by SkiaSharp one at a time and piped to ffmpeg as raw rgb24 at the video's frame rate.
/// </summary>
public static class VideoFile
{
    public static void Encode(IReadOnlyList<string> frames, string path, VideoOutput video, CancellationToken cancellationToken = default)
    {
        if (frames.Count == 0) throw new MediaException($"{path}: no frames to encode.");
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);   // also ffmpeg's working directory
        var temp = AtomicFile.TempPath(Path.Combine(dir, Path.GetFileNameWithoutExtension(full)), Path.GetExtension(full));
        try
        {
            var source = new RawVideoPipeSource(frames.Select(f => (IVideoFrame)new PngFrame(f))) { FrameRate = video.Fps };
            var job = FFMpegArguments.FromPipeInput(source)
                .OutputToFile(FfmpegCoreRun.Quotable(Path.GetFileName(temp), path), true, o => o.WithCustomArgument(Codec(video)));
            FfmpegCoreRun.Run(job, dir, path, cancellationToken);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>PyTTI's encoder settings: H.264 or VP9 at <c>-crf quality</c> in yuv420p (MP4 padded to even sizes), or a GIF.</summary>
    private static string Codec(VideoOutput video)
    {
        var quality = video.Quality.ToString(CultureInfo.InvariantCulture);
        return video.Container switch
        {
            "gif" => "-f gif",
            "webm" => $"-c:v {video.Codec} -crf {quality} -b:v 0 -pix_fmt yuv420p",
            _ => $"-c:v {video.Codec} -crf {quality} -pix_fmt yuv420p -vf pad=ceil(iw/2)*2:ceil(ih/2)*2",
        };
    }

    /// <summary>A frame file as FFMpegCore's raw-video frame: decoded when the pipe asks for it, so one frame is in memory at a time.</summary>
    private sealed class PngFrame : IVideoFrame
    {
        private readonly string _path;
        private readonly (int Width, int Height) _size;

        public PngFrame(string path) => (_path, _size) = (path, ImageFile.Probe(path));

        public int Width => _size.Width;
        public int Height => _size.Height;
        public string PixelFormat => "rgb24";

        public void Serialize(Stream pipe) => pipe.Write(Pixels());

        public Task SerializeAsync(Stream pipe, CancellationToken token) => pipe.WriteAsync(Pixels(), token).AsTask();

        private byte[] Pixels()
        {
            var image = ImageFile.Read(_path);
            return (image.Width, image.Height) == _size ? image.Pixels : throw new MediaException($"{_path}: the frame changed size while the video was encoded.");
        }
    }
}

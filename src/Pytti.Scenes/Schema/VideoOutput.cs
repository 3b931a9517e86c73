namespace Pytti.Scenes.Schema;

/// <summary>
/// The video a render writes: container (<c>mp4</c>, <c>webm</c>, <c>gif</c>; null for <c>none</c>),
/// codec (the container's default when <c>video_codec</c> is empty), constant rate factor and frame rate
/// (<c>video_fps</c>, else <c>frames_per_second</c>).
/// </summary>
public sealed record VideoOutput(string Container, string Codec, int Quality, double Fps)
{
    public static VideoOutput? From(PyttiSettings settings)
    {
        if (settings.VideoContainer == "none")
            return null;
        var codec = settings.VideoCodec.Length > 0 ? settings.VideoCodec : DefaultCodec(settings.VideoContainer);
        return new VideoOutput(settings.VideoContainer, codec, settings.VideoQuality, settings.VideoFps ?? settings.FramesPerSecond);
    }

    public static string DefaultCodec(string container) => container switch
    {
        "webm" => "libvpx-vp9",
        "gif" => "gif",
        _ => "libx264",
    };
}

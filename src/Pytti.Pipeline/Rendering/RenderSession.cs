using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using TorchSharp;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The image model and renderer for a checked scene, with every file the engine may read wired in
/// (images, audio levels, video frames, video masks, depth and flow models). One construction for
/// rendering and for <c>--check</c>, so a re-rendered frame sees exactly what the render saw.
/// </summary>
internal sealed class RenderSession : IDisposable
{
    private readonly List<VideoFrames> _videos;

    private RenderSession(ImageModel model, StillRenderer renderer, List<VideoFrames> videos)
    {
        Model = model;
        Renderer = renderer;
        _videos = videos;
    }

    public ImageModel Model { get; }
    public StillRenderer Renderer { get; }

    public static RenderSession Open(RenderContext context, PerceptorEnsemble ensemble)
    {
        var doc = context.Document;
        var videos = new List<VideoFrames>();   // each keeps a decoder process running: disposed with the session
        ImageModel? model = null;
        try
        {
            var video = doc.Values.AnimationMode == "Video Source" ? VideoFrames.Open(doc.Values.VideoPath, VideoCacheFrames(doc), doc.Values.FramesPerSecond) : null;
            if (video is not null) videos.Add(video);
            var init = !string.IsNullOrEmpty(doc.Values.InitImage) ? ImageFile.Probe(doc.Values.InitImage)
                : video is not null ? (video.Width, video.Height) : ((int, int)?)null;   // Video Source: frame 0's size (reference 1.3)
            var (width, height) = ImageModelFactory.ResolveSize(doc.Values.Width, doc.Values.Height, init);
            var device = context.Device.ToTorch();   // RenderDevice has already checked it is available
            model = Create(context, width, height, device);
            var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(path => LoadImage(path, device), AudioInput.Frames(doc, context.Plan))
            {
                VideoFrame = video is null ? null : n => video.Read(n).ToTensor(device),
                VideoFrameCount = video?.Count ?? 0,
                LoadFlowModel = RenderJob.NeedsFlowModel(doc) ? () => Pytti.Models.Flow.FlowModel.Load(FlowModelResolver.Resolve(doc, context.Store), device) : null,
                LoadDepthModel = DepthModelResolver.Loader(doc, context.Store, device),
                LoadVideoFrame = VideoMaskFrames(videos, device),
            });
            return new RenderSession(model, renderer, videos);
        }
        catch
        {
            model?.Dispose();
            foreach (var v in videos) v.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Frames the video reader keeps so that a boundary's reads never restart its decoder: from the long-term
    /// flows' furthest look-back <c>(2^L − 1)·stride</c> behind frame n to <c>n + stride</c> (reference 8.4).
    /// Without look-back the reads only move forward and the default suffices. Beyond 16 frames of look-back
    /// (L ≥ 5), reads stay exact but restart the decoder rather than hold more frames.
    /// </summary>
    internal static int VideoCacheFrames(SceneDocument doc)
    {
        var v = doc.Values;
        var stride = Math.Clamp(v.FrameStride, 1, int.MaxValue / 32);   // frame_stride is 64-bit; the product below stays an int
        var lookBack = doc.Losses.FlowStabilization is null ? 0 : (1 << (int)Math.Min(v.FlowLongTermSamples, 4)) - 1;
        return lookBack == 0 ? VideoFrames.DefaultCacheFrames : Math.Max(VideoFrames.DefaultCacheFrames, (int)((lookBack + 1) * stride + 1));
    }

    /// <summary>An image file as [1,3,H,W] in [0,1] on the render's <paramref name="device"/>.</summary>
    internal static torch.Tensor LoadImage(string path, torch.Device device) => ImageFile.Read(path).ToTensor(device);

    /// <summary>
    /// Video masks' frames, each video opened once and added to <paramref name="owned"/> (the session disposes them);
    /// past the last frame, the last frame (PyTTI crashes there); on the render's <paramref name="device"/>.
    /// </summary>
    private static Func<string, int, torch.Tensor> VideoMaskFrames(List<VideoFrames> owned, torch.Device device)
    {
        var open = new Dictionary<string, VideoFrames>(StringComparer.Ordinal);
        return (path, n) =>
        {
            if (!open.TryGetValue(path, out var video))
            {
                open[path] = video = VideoFrames.Open(path);
                owned.Add(video);
            }
            return video.Read(Math.Clamp(n, 0, video.Count - 1)).ToTensor(device);
        };
    }

    private static ImageModel Create(RenderContext context, int width, int height, torch.Device device)
    {
        var doc = context.Document;
        try
        {
            return ImageModelFactory.Create(doc, width, height, loadImage: path => LoadImage(path, device), resolveVqgan: d => VqganResolver.Resolve(context.Store, d),
                device: device);
        }
        catch (NotSupportedException e)
        {
            throw new RenderException(PipelineErrorCodes.NotSupported, $"{doc.RootFile}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        Renderer.Dispose();
        Model.Dispose();
        foreach (var video in _videos) video.Dispose();
    }
}

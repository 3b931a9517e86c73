using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Pipeline.Media;
using Pytti.Torch;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The image model and renderer for a checked scene, with every file the engine may read wired in
/// (images, audio levels, video frames, video masks, depth and flow models). One construction for
/// rendering and for <c>--check</c>, so a re-rendered frame sees exactly what the render saw.
/// </summary>
internal sealed class RenderSession : IDisposable
{
    private RenderSession(ImageModel model, StillRenderer renderer)
    {
        Model = model;
        Renderer = renderer;
    }

    public ImageModel Model { get; }
    public StillRenderer Renderer { get; }

    public static RenderSession Open(RenderContext context, PerceptorEnsemble ensemble)
    {
        var doc = context.Document;
        var video = doc.Values.AnimationMode == "Video Source" ? VideoFrames.Open(doc.Values.VideoPath) : null;
        var init = !string.IsNullOrEmpty(doc.Values.InitImage) ? ImageFile.Probe(doc.Values.InitImage)
            : video is not null ? (video.Width, video.Height) : ((int, int)?)null;   // Video Source: frame 0's size (reference 1.3)
        var (width, height) = ImageModelFactory.ResolveSize(doc.Values.Width, doc.Values.Height, init);
        var model = Create(context, width, height);
        try
        {
            var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(LoadImage, AudioInput.Frames(doc, context.Plan))
            {
                VideoFrame = video is null ? null : n => video.Read(n).ToTensor(),
                VideoFrameCount = video?.Count ?? 0,
                LoadFlowModel = RenderJob.NeedsFlowModel(doc) ? () => Pytti.Models.Flow.FlowModel.Load(RenderJob.FlowModelPath(doc)) : null,
                LoadDepthModel = DepthModelResolver.Loader(doc),
                LoadVideoFrame = VideoMaskFrames(),
            });
            return new RenderSession(model, renderer);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    internal static Tensor LoadImage(string path) => ImageFile.Read(path).ToTensor();

    /// <summary>Video masks' frames, each video opened once; past the last frame, the last frame (PyTTI crashes there).</summary>
    private static Func<string, int, Tensor> VideoMaskFrames()
    {
        var open = new Dictionary<string, VideoFrames>(StringComparer.Ordinal);
        return (path, n) =>
        {
            if (!open.TryGetValue(path, out var video)) open[path] = video = VideoFrames.Open(path);
            return video.Read(Math.Clamp(n, 0, video.Count - 1)).ToTensor();
        };
    }

    private static ImageModel Create(RenderContext context, int width, int height)
    {
        var doc = context.Document;
        try
        {
            return ImageModelFactory.Create(doc, width, height, loadImage: LoadImage, resolveVqgan: d => VqganResolver.Resolve(context.Store, d));
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
    }
}

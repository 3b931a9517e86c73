using Pytti.Models.Depth;
using TorchSharp;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Files a render reads, supplied by the caller (the pipeline decodes them through FFmpeg):
/// images by resolved path as [1, 3, H, W] in [0, 1]. The engine disposes what it is given.
/// </summary>
public sealed class RenderAssets(Func<string, torch.Tensor> loadImage, IReadOnlyList<IReadOnlyDictionary<string, double>>? audioFrames = null)
{
    public torch.Tensor LoadImage(string path) => loadImage(path);

    /// <summary>Per frame, the audio variables (each filter's band level and <c>_prev</c>), when the scene has audio input.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? AudioFrames { get; } = audioFrames;

    /// <summary>Video Source: video frame n as [1, 3, h, w] in [0, 1] (any size; the engine resizes and disposes it).</summary>
    public Func<int, torch.Tensor>? VideoFrame { get; init; }

    /// <summary>Video Source: the number of frames <see cref="VideoFrame"/> can read.</summary>
    public int VideoFrameCount { get; init; }

    /// <summary>Video Source: loads the RAFT flow model, called at most once; the engine disposes it.</summary>
    public Func<Pytti.Models.Flow.FlowModel>? LoadFlowModel { get; init; }

    /// <summary>Video Source: RAFT refinement iterations per flow (PyTTI's GMA runs 12).</summary>
    public int FlowIterations { get; init; } = 12;

    /// <summary>
    /// Loads the depth model (3D animation and depth stabilisation), called at most once, when the scene needs it;
    /// the engine disposes the model. Null when the caller has none.
    /// </summary>
    public Func<DepthModel>? LoadDepthModel { get; init; }

    /// <summary>
    /// Video masks (<c>_[clip.mp4]</c>): frame n of the video at a resolved path as [1, 3, H, W] in [0, 1]; the engine
    /// disposes it. Past the last frame the loader returns the last frame (PyTTI crashes there). Null when the caller has none.
    /// </summary>
    public Func<string, int, torch.Tensor>? LoadVideoFrame { get; init; }

    /// <summary>The video masks built for the render, told the mask video frame at every frame boundary.</summary>
    internal List<Pytti.Engine.Prompts.IFrameAware> FrameHooks { get; } = [];
}

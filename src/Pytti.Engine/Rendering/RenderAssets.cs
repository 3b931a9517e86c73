using Pytti.Torch;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Files a render reads, supplied by the caller (the pipeline decodes them through FFmpeg):
/// images by resolved path as [1, 3, H, W] in [0, 1]. The engine disposes what it is given.
/// </summary>
public sealed class RenderAssets(Func<string, Tensor> loadImage, IReadOnlyList<IReadOnlyDictionary<string, double>>? audioFrames = null)
{
    public Tensor LoadImage(string path) => loadImage(path);

    /// <summary>Per frame, the audio variables (each filter's band level and <c>_prev</c>), when the scene has audio input.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? AudioFrames { get; } = audioFrames;
}

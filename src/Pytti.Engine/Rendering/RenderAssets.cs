using Pytti.Torch;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Files a render reads, supplied by the caller (the pipeline decodes them through FFmpeg):
/// images by resolved path as [1, 3, H, W] in [0, 1]. The engine disposes what it is given.
/// </summary>
public sealed class RenderAssets(Func<string, Tensor> loadImage)
{
    public Tensor LoadImage(string path) => loadImage(path);
}

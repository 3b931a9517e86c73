using TorchSharp;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Everything the loop needs to continue exactly where it stopped, after frame <see cref="Frame"/>:
/// the image model's parameters and buffers (<c>model.*</c>), Adam's moments (<c>adam.*</c>), the
/// random generator's state (<c>rng</c>) and, for Video Source's long-term flow samples, the outputs of the
/// latest boundaries (<c>video.history.&lt;boundary&gt;</c>), as named tensors the caller may save and load. Owns them.
/// </summary>
public sealed class EngineState(long frame, long nextStep, long savedImages, Dictionary<string, torch.Tensor> tensors) : IDisposable
{
    public long Frame { get; } = frame;
    public long NextStep { get; } = nextStep;
    public long SavedImages { get; } = savedImages;
    public IReadOnlyDictionary<string, torch.Tensor> Tensors => tensors;

    public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>
    {
        ["frame"] = Frame.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["next_step"] = NextStep.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["saved_images"] = SavedImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static EngineState FromSaved(IReadOnlyDictionary<string, string> metadata, Dictionary<string, torch.Tensor> tensors) =>
        new(long.Parse(metadata["frame"], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(metadata["next_step"], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(metadata["saved_images"], System.Globalization.CultureInfo.InvariantCulture), tensors);

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
    }
}

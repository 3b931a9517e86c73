using Pytti.Models.Store;

namespace Pytti.Models.Clip;

/// <summary>
/// Which activation a CLIP checkpoint was trained with, which its weights do not say: OpenAI's and OpenCLIP's key
/// layouts are the same. A registered OpenCLIP model (<see cref="OpenClipModels"/>) uses exact GELU; OpenAI's models,
/// and a checkpoint given by path, QuickGELU.
/// </summary>
public static class ClipOrigin
{
    public static ClipActivation ActivationOf(ModelReference reference) =>
        reference is ModelReference.Registered { Source: var source } && OpenClipModels.Contains(source)
            ? ClipActivation.Gelu
            : ClipActivation.QuickGelu;
}

using Pytti.Torch;
using Pytti.Torch.Optim;
using TorchSharp.Modules;
using TorchAdam = TorchSharp.Modules.Adam;

namespace Pytti.Engine.Tests;

/// <summary>
/// Images a test optimises directly with the engine's Adam (<see cref="AdamCheckpoints"/>): wrapped TorchSharp
/// <see cref="Parameter"/>s, for the losses under test, which still take wrapped tensors (image models hand out their Parameters themselves).
/// </summary>
internal static class Trainable
{
    /// <summary>A trainable copy of <paramref name="initial"/>'s values; <paramref name="initial"/> is disposed.</summary>
    public static Tensor Image(Tensor initial)
    {
        using (initial)
        {
            using var values = initial.Torch.detach();
            return Tensor.Wrap(new Parameter(values.clone()));   // Wrapper boundary: the losses under test take wrapped tensors
        }
    }

    /// <summary>The engine's Adam (PyTorch's defaults) over images made by <see cref="Image"/>.</summary>
    public static TorchAdam Adam(double learningRate, params Tensor[] images) =>
        AdamCheckpoints.Create(images.Select(AsParameter), learningRate);

    private static Parameter AsParameter(Tensor image) =>
        image.Torch as Parameter ?? throw new ArgumentException("not a TorchSharp Parameter: make it with Trainable.Image", nameof(image));
}

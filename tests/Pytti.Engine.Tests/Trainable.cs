using Pytti.Torch.Optim;
using TorchSharp;
using TorchSharp.Modules;
using TorchAdam = TorchSharp.Modules.Adam;

namespace Pytti.Engine.Tests;

/// <summary>
/// Images a test optimises directly with the engine's Adam (<see cref="AdamCheckpoints"/>): TorchSharp
/// <see cref="Parameter"/>s, for the losses under test (image models hand out their Parameters themselves).
/// </summary>
internal static class Trainable
{
    /// <summary>A trainable copy of <paramref name="initial"/>'s values; <paramref name="initial"/> is disposed.</summary>
    public static Parameter Image(torch.Tensor initial)
    {
        using (initial)
        {
            using var values = initial.detach();
            return new Parameter(values.clone());
        }
    }

    /// <summary>The engine's Adam (PyTorch's defaults) over images made by <see cref="Image"/>.</summary>
    public static TorchAdam Adam(double learningRate, params Parameter[] images) => AdamCheckpoints.Create(images, learningRate);
}

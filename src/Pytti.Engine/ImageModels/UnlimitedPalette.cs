using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's RGB image: one free parameter per latent pixel and channel, upscaled by <c>pixel_size</c>
/// (nearest) and clamped with a gradient that can pull drifted values back (reference 5.1).
/// </summary>
public sealed class UnlimitedPalette : ImageModel
{
    public UnlimitedPalette(int width, int height, int pixelSize = 1) : base(width, height, pixelSize)
    {
        tensor = RegisterTrainable("tensor", TorchSharp.torch.zeros(1, 3, height, width));
    }

    public Tensor tensor { get; }

    public override double DefaultLearningRate => 0.02;
    public override double LatentStrength => 0;

    public override Tensor DecodeTraining()
    {
        using var scope = LibTorch.NewDisposeScope();
        var up = PixelSize == 1 ? tensor : Functional.Interpolate(tensor, size: [OutputHeight, OutputWidth]); // nearest
        return GradientOps.ClampWithGrad(up, 0, 1).MoveToOuterScope();
    }

    public override void EncodeRandom(Generator generator)
    {
        using var noGrad = LibTorch.NoGrad();
        using var u = Tensor.Rand(tensor.Shape, generator);
        tensor.CopyFrom_(u);
    }

    public override void EncodeImage(Tensor image)
    {
        using var noGrad = LibTorch.NoGrad();
        using var resized = ResizeTo(image, Height, Width);
        tensor.CopyFrom_(resized);
    }

    public override Tensor? LatentTensor() => tensor.Share();

    /// <summary>The RGB grid [1, 3, h, w].</summary>
    public override Tensor? GetImageTensor()
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        return tensor.Detach().Clone().MoveToOuterScope();
    }

    public override void SetImageTensor(Tensor grid)
    {
        using var noGrad = LibTorch.NoGrad();
        tensor.CopyFrom_(grid);
    }
}

using Pytti.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's RGB image: one free parameter per latent pixel and channel, upscaled by <c>pixel_size</c>
/// (nearest) and clamped with a gradient that can pull drifted values back (reference 5.1).
/// </summary>
public sealed class UnlimitedPalette : ImageModel
{
    /// <param name="device">where the latent lives; null = CPU.</param>
    public UnlimitedPalette(int width, int height, int pixelSize = 1, torch.Device? device = null) : base(width, height, pixelSize)
    {
        tensor = RegisterTrainable("tensor", torch.zeros(1, 3, height, width, device: device));
    }

    /// <summary>The RGB latent [1, 3, h, w].</summary>
    public Parameter tensor { get; }

    public override double DefaultLearningRate => 0.02;
    public override double LatentStrength => 0;

    public override torch.Tensor DecodeTraining()
    {
        using var scope = torch.NewDisposeScope();
        var up = PixelSize == 1 ? tensor : Interpolate.Nearest(tensor, OutputHeight, OutputWidth);
        return up.ClampWithGrad(0, 1).MoveToOuterDisposeScope();
    }

    public override void EncodeRandom(torch.Generator generator)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();      // also takes the handle copy_ returns
        tensor.copy_(torch.rand(tensor.shape, generator: generator));
    }

    public override void EncodeImage(torch.Tensor image)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        tensor.copy_(ResizeTo(image, Height, Width));
    }

    public override torch.Tensor? LatentTensor() => tensor.alias();

    /// <summary>The RGB grid [1, 3, h, w].</summary>
    public override torch.Tensor? GetImageTensor()
    {
        using var noGrad = torch.no_grad();
        using var detached = tensor.detach();
        return detached.clone();
    }

    public override void SetImageTensor(torch.Tensor grid)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        tensor.copy_(grid);
    }
}

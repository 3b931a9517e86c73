using Pytti.Engine.ImageModels;
using TorchSharp;
using WrappedTensor = Pytti.Torch.Tensor;

namespace Pytti.Engine.Animation;

/// <summary>
/// The image model's entries the animation and the losses call, on TorchSharp tensors while the image models still take
/// and return Pytti tensors: images going in are borrowed for the call; tensors coming out are TorchSharp tensors of the
/// current TorchSharp scope (the caller's to dispose when there is none), with the model's autograd graph.
/// </summary>
// Wrapper boundary: every member goes when the image models take and return TorchSharp tensors.
internal static class ImageModelBoundary
{
    /// <summary><see cref="ImageModel.DecodeForOutput"/>: [1,3,H,W], no gradient.</summary>
    public static torch.Tensor DecodeForOutput(ImageModel model) => Take(model.DecodeForOutput());

    /// <summary><see cref="ImageModel.GetImageTensor"/>, or null when the model has no latent grid.</summary>
    public static torch.Tensor? GetImageTensor(ImageModel model) => model.GetImageTensor() is { } grid ? Take(grid) : null;

    public static void SetImageTensor(ImageModel model, torch.Tensor grid)
    {
        using var borrowed = Borrow(grid);
        model.SetImageTensor(borrowed);
    }

    public static void EncodeImage(ImageModel model, torch.Tensor image)
    {
        using var borrowed = Borrow(image);
        model.EncodeImage(borrowed);
    }

    public static void EncodeBrightness(LimitedPalette model, torch.Tensor image)
    {
        using var borrowed = Borrow(image);
        model.EncodeBrightness(borrowed);
    }

    /// <summary><see cref="VqganImage.LatentTensor"/>: the quantised latent [1,e,ty,tx], straight-through to the parameter.</summary>
    public static torch.Tensor LatentTensor(VqganImage model) => Take(model.LatentTensor()!);

    public static torch.Tensor MakeLatent(VqganImage model, torch.Tensor image)
    {
        using var borrowed = Borrow(image);
        return Take(model.MakeLatent(borrowed));
    }

    private static WrappedTensor Borrow(torch.Tensor tensor) => TensorBoundary.Borrow(tensor);

    private static torch.Tensor Take(WrappedTensor tensor) => TensorBoundary.Take(tensor);
}

using Pytti.Scenes;
using TorchSharp;

namespace Pytti.Engine.ImageModels;

/// <summary>Builds the scene's <c>image_model</c> at the latent size (after <c>-1</c> sizes were resolved).</summary>
public static class ImageModelFactory
{
    /// <param name="loadImage">reads an image file the model needs (Limited Palette's <c>target_palette</c>) as [1,3,H,W] in [0,1]; the model owns the result.</param>
    /// <param name="resolveVqgan">(checkpoint, config) of the scene's named <c>vqgan_model</c>; without it only checkpoint paths load.</param>
    /// <param name="device">the render's device: every parameter and buffer (and the VQGAN) is created there; null = CPU.</param>
    public static ImageModel Create(SceneDocument doc, int width, int height, Func<string, torch.Tensor>? loadImage = null,
        Func<SceneDocument, (string Checkpoint, string Config)>? resolveVqgan = null, torch.Device? device = null) => doc.Values.ImageModel switch
    {
        "Unlimited Palette" => new UnlimitedPalette(width, height, doc.Values.PixelSize, device),
        "Limited Palette" => LimitedPalette.Create(doc.Values, width, height, loadImage, device),
        "VQGAN" => new VqganImage(VqganFiles.Load(doc, resolveVqgan, device), width, height, doc.Values.PixelSize),
        var other => throw new NotSupportedException($"unknown image_model '{other}'; use 'Unlimited Palette', 'Limited Palette' or 'VQGAN'."),
    };

    /// <summary>
    /// PyTTI's rule for <c>width</c>/<c>height</c> of -1 (reference 1.3): derived from the init image's
    /// aspect ratio, width first. Both -1 is rejected by the scene checks.
    /// </summary>
    public static (int Width, int Height) ResolveSize(int width, int height, (int Width, int Height)? initSize)
    {
        if (width > 0 && height > 0) return (width, height);
        if (initSize is not { } init)
            throw new ArgumentException("width or height is -1, which needs an init_image to take the aspect ratio from");
        if (width == -1) width = (int)(height * (double)init.Width / init.Height);
        if (height == -1) height = (int)(width * (double)init.Height / init.Width);
        return (width, height);
    }
}

using TorchSharp;
using TorchSharp.Modules;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's pixel-art image (<c>PixelImage</c>, reference 5.2): every latent pixel has a brightness and a
/// choice among <c>palettes</c> palettes of <c>palette_size</c> colours; the picture shows only palette
/// colours, upscaled by <c>pixel_size</c>. Palette colours are stored ×2 ("inertia") so they move slower.
/// </summary>
public sealed partial class LimitedPalette : ImageModel
{
    /// <summary>The palette is stored multiplied by this, so a learning rate moves colours half as fast.</summary>
    public const double Inertia = 2;

    private readonly torch.Tensor? _paletteImage;

    /// <param name="paletteImage">target_palette image [1,3,H,W] (owned by the model), or null.</param>
    /// <param name="device">where the palette, brightness and selection live; null = CPU.</param>
    public LimitedPalette(int width, int height, int pixelSize, LimitedPaletteOptions options, torch.Tensor? paletteImage = null,
        torch.Device? device = null)
        : base(width, height, pixelSize)
    {
        if (options.PaletteSize < 1 || options.Palettes < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"palette_size {options.PaletteSize} and palettes {options.Palettes} must be positive");
        Options = options;
        var (p, k) = ((long)options.PaletteSize, (long)options.Palettes);
        using var scope = torch.NewDisposeScope();
        var ramp = torch.linspace(0, Inertia, p, torch.float32, device ?? torch.CPU).pow(options.Gamma).view(p, 1, 1).repeat(1, k, 3); // [P] -> [P,K,3]
        pallet = RegisterTrainable("pallet", ramp.clone());
        value = RegisterTrainable("value", torch.zeros(height, width, device: device));
        tensor = RegisterTrainable("tensor", torch.zeros(k, height, width, device: device));
        pallet_target = RegisterState("pallet_target", torch.zeros(p, k, 3, device: device));
        _paletteImage = (device is null ? paletteImage : paletteImage?.OwnedTo(device))?.DetachFromDisposeScope();
    }

    /// <summary>
    /// The scene's Limited Palette at the latent size; a <c>target_palette</c> is read through
    /// <paramref name="loadImage"/> (resolved path → [1,3,H,W] in [0,1]).
    /// </summary>
    public static LimitedPalette Create(Pytti.Scenes.Schema.PyttiSettings v, int width, int height, Func<string, torch.Tensor>? loadImage,
        torch.Device? device = null)
    {
        var options = LimitedPaletteOptions.From(v);
        if (string.IsNullOrWhiteSpace(v.TargetPalette)) return new LimitedPalette(width, height, v.PixelSize, options, device: device);
        if (loadImage is null)
            throw new ArgumentException($"target_palette '{v.TargetPalette}' needs an image loader; pass loadImage to ImageModelFactory.Create", nameof(loadImage));
        return new LimitedPalette(width, height, v.PixelSize, options, loadImage(v.TargetPalette.Trim()), device);
    }

    /// <summary>Palette colours ×<see cref="Inertia"/> [P,K,3].</summary>
    public Parameter pallet { get; }

    /// <summary>Brightness per latent pixel [h,w].</summary>
    public Parameter value { get; }

    /// <summary>Palette-selection logits per latent pixel [K,h,w].</summary>
    public Parameter tensor { get; }

    /// <summary>The locked or target palette [P,K,3], used when <see cref="UsesPaletteTarget"/>.</summary>
    public torch.Tensor pallet_target { get; }

    public LimitedPaletteOptions Options { get; }
    public int PaletteSize => Options.PaletteSize;
    public int Palettes => Options.Palettes;

    public override double DefaultLearningRate => 0.02;
    public override double LatentStrength => 0.1;

    public override torch.Tensor DecodeTraining()
    {
        using var scope = torch.NewDisposeScope();
        var palette = EffectivePalette();
        return LimitedPaletteDecoder.Decode(palette, value, tensor, OutputHeight, OutputWidth).MoveToOuterDisposeScope();
    }

    /// <summary>PyTTI's <c>update()</c>: palette in [0, 2], brightness in [0, 1], selection logits ≥ 0.</summary>
    public override void Update()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();      // takes the handles the in-place ops return
        pallet.clamp_(0.0, Inertia);
        value.clamp_(0.0, 1.0);
        tensor.clamp_(0.0, double.PositiveInfinity);
    }

    /// <summary>
    /// Brightness and selection uniform [0,1) (palette uniform [0,2) with <c>random_initial_palette</c>), in
    /// PyTTI's draw order; then, as PyTTI does right after, the target palette is built or the palette locked.
    /// </summary>
    public override void EncodeRandom(torch.Generator generator)
    {
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            value.copy_(torch.rand(value.shape, generator: generator));
            tensor.copy_(torch.rand(tensor.shape, generator: generator));
            if (Options.RandomInitialPalette) pallet.copy_(torch.rand(pallet.shape, generator: generator) * Inertia);
        }
        if (_paletteImage is not null) SetPaletteTarget(_paletteImage);
        else if (Options.LockPalette) LockPalette();
    }

    /// <summary>Brightness from the image, then PyTTI's 201-step smart encode of palette and selection.</summary>
    public override void EncodeImage(torch.Tensor image)
    {
        EncodeBrightness(image);
        LimitedPaletteEncoder.SmartEncode(this, image);
    }

    /// <summary>
    /// Only the brightness from the image, palette and palette choice kept (PyTTI's <c>encode_image(smart_encode=False)</c>):
    /// how Video Source re-encodes a frame that continues the shot (reference 8.4).
    /// </summary>
    public void EncodeBrightness(torch.Tensor image)
    {
        using (torch.no_grad())
        using (torch.NewDisposeScope())
            value.copy_(LimitedPaletteLuminance.Brightness(ResizeTo(image, Height, Width)));
    }

    /// <summary>[1+K, h, w]: brightness stacked on the selection logits.</summary>
    public override torch.Tensor? LatentTensor()
    {
        using var scope = torch.NewDisposeScope();
        return torch.cat([value.unsqueeze(0), tensor], 0).MoveToOuterDisposeScope();   // [h,w] -> [1,h,w]; cat -> [1+K,h,w]
    }

    /// <summary>Brightness and selection logits [1, 1+K, h, w]: a warp resamples the logits too.</summary>
    public override torch.Tensor? GetImageTensor()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        return torch.cat([value.unsqueeze(0), tensor], 0).unsqueeze(0).MoveToOuterDisposeScope(); // [1+K,h,w] -> [1,1+K,h,w]
    }

    public override void SetImageTensor(torch.Tensor grid)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var planes = grid.select(0, 0);                                          // [1,1+K,h,w] -> [1+K,h,w]
        value.copy_(planes.select(0, 0));                                        // -> [h,w]
        tensor.copy_(planes.narrow(0, 1, Palettes));                             // -> [K,h,w]
    }

    public override IReadOnlyList<ModelLoss> ImageLosses() => Losses(Options.HdrWeight);

    /// <summary>HDR (omitted when <paramref name="hdrWeight"/> is 0) and palette normalisation, in PyTTI's order.</summary>
    internal IReadOnlyList<ModelLoss> Losses(double hdrWeight)
    {
        var losses = new List<ModelLoss>(2);
        if (hdrWeight != 0)
        {
            using var palette = EffectivePalette();
            var raw = LimitedPaletteLosses.Hdr(palette, Options.Gamma);
            losses.Add(new ModelLoss(LimitedPaletteLosses.HdrName, raw.mul(hdrWeight), raw));
        }
        var norm = LimitedPaletteLosses.Normalization(tensor);
        losses.Add(new ModelLoss(LimitedPaletteLosses.NormalizationName, norm.mul(Options.NormalizationWeight), norm));
        return losses;
    }

    /// <summary>The show_palette picture of the effective palette: [1,3,P·32,K·16].</summary>
    public torch.Tensor RenderPaletteSwatch()
    {
        using var noGrad = torch.no_grad();
        using var palette = EffectivePalette();
        return PaletteSwatch.Render(palette);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _paletteImage?.Dispose();
        base.Dispose(disposing);
    }
}

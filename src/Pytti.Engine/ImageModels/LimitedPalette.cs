using Pytti.Torch;

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

    private readonly Tensor? _paletteImage;

    /// <param name="paletteImage">target_palette image [1,3,H,W] (owned by the model), or null.</param>
    public LimitedPalette(int width, int height, int pixelSize, LimitedPaletteOptions options, Tensor? paletteImage = null)
        : base(width, height, pixelSize)
    {
        if (options.PaletteSize < 1 || options.Palettes < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"palette_size {options.PaletteSize} and palettes {options.Palettes} must be positive");
        Options = options;
        var (p, k) = ((long)options.PaletteSize, (long)options.Palettes);
        using var scope = LibTorch.NewDisposeScope();
        var ramp = Tensor.Linspace(0, Inertia, p).Pow(options.Gamma).View(p, 1, 1).Repeat(1, k, 3); // [P] -> [P,K,3]
        pallet = RegisterTrainable("pallet", ramp.Torch.clone());
        value = RegisterTrainable("value", TorchSharp.torch.zeros(height, width));
        tensor = RegisterTrainable("tensor", TorchSharp.torch.zeros(k, height, width));
        pallet_target = RegisterBuffer("pallet_target", Tensor.Zeros([p, k, 3]));
        _paletteImage = paletteImage?.DetachFromScopes();
    }

    /// <summary>
    /// The scene's Limited Palette at the latent size; a <c>target_palette</c> is read through
    /// <paramref name="loadImage"/> (resolved path → [1,3,H,W] in [0,1]).
    /// </summary>
    public static LimitedPalette Create(Pytti.Scenes.Schema.PyttiSettings v, int width, int height, Func<string, Tensor>? loadImage)
    {
        var options = LimitedPaletteOptions.From(v);
        if (string.IsNullOrWhiteSpace(v.TargetPalette)) return new LimitedPalette(width, height, v.PixelSize, options);
        if (loadImage is null)
            throw new ArgumentException($"target_palette '{v.TargetPalette}' needs an image loader; pass loadImage to ImageModelFactory.Create", nameof(loadImage));
        return new LimitedPalette(width, height, v.PixelSize, options, loadImage(v.TargetPalette.Trim()));
    }

    /// <summary>Palette colours ×<see cref="Inertia"/> [P,K,3].</summary>
    public Tensor pallet { get; }

    /// <summary>Brightness per latent pixel [h,w].</summary>
    public Tensor value { get; }

    /// <summary>Palette-selection logits per latent pixel [K,h,w].</summary>
    public Tensor tensor { get; }

    /// <summary>The locked or target palette [P,K,3], used when <see cref="UsesPaletteTarget"/>.</summary>
    public Tensor pallet_target { get; }

    public LimitedPaletteOptions Options { get; }
    public int PaletteSize => Options.PaletteSize;
    public int Palettes => Options.Palettes;

    public override double DefaultLearningRate => 0.02;
    public override double LatentStrength => 0.1;

    public override Tensor DecodeTraining()
    {
        using var scope = LibTorch.NewDisposeScope();
        var palette = EffectivePalette();
        return LimitedPaletteDecoder.Decode(palette, value, tensor, OutputHeight, OutputWidth).MoveToOuterScope();
    }

    /// <summary>PyTTI's <c>update()</c>: palette in [0, 2], brightness in [0, 1], selection logits ≥ 0.</summary>
    public override void Update()
    {
        using var noGrad = LibTorch.NoGrad();
        pallet.Clamp_(0.0, Inertia);
        value.Clamp_(0.0, 1.0);
        tensor.Clamp_(0.0, double.PositiveInfinity);
    }

    /// <summary>
    /// Brightness and selection uniform [0,1) (palette uniform [0,2) with <c>random_initial_palette</c>), in
    /// PyTTI's draw order; then, as PyTTI does right after, the target palette is built or the palette locked.
    /// </summary>
    public override void EncodeRandom(Generator generator)
    {
        using (LibTorch.NoGrad())
        using (LibTorch.NewDisposeScope())
        {
            value.CopyFrom_(Tensor.Rand(value.Shape, generator));
            tensor.CopyFrom_(Tensor.Rand(tensor.Shape, generator));
            if (Options.RandomInitialPalette) pallet.CopyFrom_(Tensor.Rand(pallet.Shape, generator) * Inertia);
        }
        if (_paletteImage is not null) SetPaletteTarget(_paletteImage);
        else if (Options.LockPalette) LockPalette();
    }

    /// <summary>Brightness from the image, then PyTTI's 201-step smart encode of palette and selection.</summary>
    public override void EncodeImage(Tensor image)
    {
        EncodeBrightness(image);
        LimitedPaletteEncoder.SmartEncode(this, image);
    }

    /// <summary>
    /// Only the brightness from the image, palette and palette choice kept (PyTTI's <c>encode_image(smart_encode=False)</c>):
    /// how Video Source re-encodes a frame that continues the shot (reference 8.4).
    /// </summary>
    public void EncodeBrightness(Tensor image)
    {
        using (LibTorch.NoGrad())
        using (LibTorch.NewDisposeScope())
            value.CopyFrom_(LimitedPaletteLuminance.Brightness(ResizeTo(image, Height, Width)));
    }

    /// <summary>[1+K, h, w]: brightness stacked on the selection logits.</summary>
    public override Tensor? LatentTensor()
    {
        using var scope = LibTorch.NewDisposeScope();
        return Tensor.Cat([value.Unsqueeze(0), tensor], 0).MoveToOuterScope();   // [h,w] -> [1,h,w]; cat -> [1+K,h,w]
    }

    /// <summary>Brightness and selection logits [1, 1+K, h, w]: a warp resamples the logits too.</summary>
    public override Tensor? GetImageTensor()
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        return Tensor.Cat([value.Unsqueeze(0), tensor], 0).Unsqueeze(0).MoveToOuterScope(); // [1+K,h,w] -> [1,1+K,h,w]
    }

    public override void SetImageTensor(Tensor grid)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var planes = grid.Select(0, 0);                                          // [1,1+K,h,w] -> [1+K,h,w]
        value.CopyFrom_(planes.Select(0, 0));                                    // -> [h,w]
        tensor.CopyFrom_(planes.Narrow(0, 1, Palettes));                         // -> [K,h,w]
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
            losses.Add(new ModelLoss(LimitedPaletteLosses.HdrName, raw * hdrWeight, raw));
        }
        var norm = LimitedPaletteLosses.Normalization(tensor);
        losses.Add(new ModelLoss(LimitedPaletteLosses.NormalizationName, norm * Options.NormalizationWeight, norm));
        return losses;
    }

    /// <summary>The show_palette picture of the effective palette: [1,3,P·32,K·16].</summary>
    public Tensor RenderPaletteSwatch()
    {
        using var noGrad = LibTorch.NoGrad();
        using var palette = EffectivePalette();
        return PaletteSwatch.Render(palette);
    }

    public override void Dispose()
    {
        _paletteImage?.Dispose();
        base.Dispose();
    }
}

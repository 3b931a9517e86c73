using TorchSharp;

namespace Pytti.Engine.ImageModels;

// Which palette the image uses: the free one (sorted by brightness), a locked copy, or one taken from an image.
public sealed partial class LimitedPalette
{
    /// <summary>True once the palette is locked or taken from target_palette; the colours then never change.</summary>
    public bool UsesPaletteTarget { get; private set; }

    /// <summary>
    /// The colours the image is drawn with [P,K,3] in [0,1]: the locked/target palette, or clamp(pallet/2, 0, 1)
    /// with each palette's colours sorted darkest first. Differentiable w.r.t. <see cref="pallet"/> when free.
    /// </summary>
    public torch.Tensor EffectivePalette()
    {
        if (UsesPaletteTarget) return pallet_target.alias();
        using var scope = torch.NewDisposeScope();
        var free = (pallet / Inertia).clamp(0.0, 1.0);
        return LimitedPaletteLuminance.SortByLuminance(free).MoveToOuterDisposeScope();
    }

    /// <summary>PyTTI's <c>lock_pallet</c>: freezes the current effective palette (or unlocks).</summary>
    public void LockPalette(bool locked = true)
    {
        if (locked)
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var palette = EffectivePalette();
            pallet_target.copy_(palette.clone());
        }
        UsesPaletteTarget = locked;
    }

    /// <summary>
    /// PyTTI's <c>set_pallet_target</c>: a copy of this image (built with gamma 1) is smart-encoded from
    /// <paramref name="image"/>; its effective palette becomes the permanent palette.
    /// </summary>
    public void SetPaletteTarget(torch.Tensor image)
    {
        using var clone = CloneForTarget();
        clone.EncodeImage(image);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var palette = clone.EffectivePalette();
        pallet_target.copy_(palette);
        pallet.copy_(palette);   // as PyTTI: the unused free palette holds the target colours (not ×2)
        UsesPaletteTarget = true;
    }

    private LimitedPalette CloneForTarget()
    {
        var clone = new LimitedPalette(Width, Height, PixelSize, Options with { Gamma = 1, LockPalette = false, RandomInitialPalette = false },
            device: pallet.device);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        clone.value.copy_(value);
        clone.tensor.copy_(tensor);
        clone.pallet.copy_(pallet);
        return clone;
    }
}

using Pytti.Torch;

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
    public Tensor EffectivePalette()
    {
        if (UsesPaletteTarget) return pallet_target.Share();
        using var scope = LibTorch.NewDisposeScope();
        var free = (pallet / Inertia).Clamp(0.0, 1.0);
        return LimitedPaletteLuminance.SortByLuminance(free).MoveToOuterScope();
    }

    /// <summary>PyTTI's <c>lock_pallet</c>: freezes the current effective palette (or unlocks).</summary>
    public void LockPalette(bool locked = true)
    {
        if (locked)
        {
            using var noGrad = LibTorch.NoGrad();
            using var palette = EffectivePalette();
            using var copy = palette.Clone();
            pallet_target.CopyFrom_(copy);
        }
        UsesPaletteTarget = locked;
    }

    /// <summary>
    /// PyTTI's <c>set_pallet_target</c>: a copy of this image (built with gamma 1) is smart-encoded from
    /// <paramref name="image"/>; its effective palette becomes the permanent palette.
    /// </summary>
    public void SetPaletteTarget(Tensor image)
    {
        using var clone = CloneForTarget();
        clone.EncodeImage(image);
        using var noGrad = LibTorch.NoGrad();
        using var palette = clone.EffectivePalette();
        pallet_target.CopyFrom_(palette);
        pallet.CopyFrom_(palette);   // as PyTTI: the unused free palette holds the target colours (not ×2)
        UsesPaletteTarget = true;
    }

    private LimitedPalette CloneForTarget()
    {
        var clone = new LimitedPalette(Width, Height, PixelSize, Options with { Gamma = 1, LockPalette = false, RandomInitialPalette = false });
        using var noGrad = LibTorch.NoGrad();
        clone.value.CopyFrom_(value);
        clone.tensor.CopyFrom_(tensor);
        clone.pallet.CopyFrom_(pallet);
        return clone;
    }
}

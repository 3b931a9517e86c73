using Pytti.Scenes.Schema;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// The scene values that shape a Limited Palette image (reference 5.2): <paramref name="PaletteSize"/> colours
/// in each of <paramref name="Palettes"/> palettes, the brightness ramp's <paramref name="Gamma"/>, the HDR and
/// palette-normalisation loss weights, and how the palette starts (random, locked).
/// </summary>
public sealed record LimitedPaletteOptions(
    int PaletteSize,
    int Palettes,
    double Gamma,
    double HdrWeight,
    double NormalizationWeight,
    bool RandomInitialPalette = false,
    bool LockPalette = false)
{
    public static LimitedPaletteOptions From(PyttiSettings v) =>
        new(v.PaletteSize, v.Palettes, v.Gamma, v.HdrWeight, v.PaletteNormalizationWeight, v.RandomInitialPalette, v.LockPalette);
}

namespace Pytti.Engine.Cutouts;

/// <summary>How cutouts treat the area beyond the image edge (<c>border_mode</c>).</summary>
public enum BorderMode { Clamp, Mirror, Wrap, Black, Smear }

public static class BorderModes
{
    public static BorderMode Parse(string text) => text switch
    {
        "clamp" => BorderMode.Clamp,
        "mirror" => BorderMode.Mirror,
        "wrap" => BorderMode.Wrap,
        "black" => BorderMode.Black,
        "smear" => BorderMode.Smear,
        _ => throw new ArgumentException($"unknown border_mode '{text}'; allowed: clamp, mirror, wrap, black, smear"),
    };
}

namespace Pytti.Scenes.Dsl;

/// <summary>What restricts a prompt to part of the image (reference 3.7).</summary>
public enum MaskKind
{
    /// <summary><c>a</c>, the default: no mask.</summary>
    All,
    /// <summary><c>r</c>: right half.</summary>
    Right,
    /// <summary><c>l</c>: left half.</summary>
    Left,
    /// <summary><c>d</c>: lower half.</summary>
    Down,
    /// <summary><c>u</c>: upper half.</summary>
    Up,
    /// <summary><c>n</c>: small (near) cutouts.</summary>
    Near,
    /// <summary><c>f</c>: large (far) cutouts.</summary>
    Far,
    /// <summary>Any other text: a CLIP-embedded semantic mask.</summary>
    Semantic,
    /// <summary><c>[path]</c>: a greyscale image file.</summary>
    Image,
    /// <summary><c>[path.mp4]</c>: a video, one frame per animation frame.</summary>
    Video,
}

/// <summary>A parsed mask. <c>Target</c> is the semantic text or the resolved file path; <c>Inverted</c> for <c>[-path]</c>.</summary>
public sealed record PromptMask(MaskKind Kind, string? Target = null, bool Inverted = false)
{
    public static PromptMask None { get; } = new(MaskKind.All);

    public static readonly IReadOnlyDictionary<string, MaskKind> Letters = new Dictionary<string, MaskKind>(StringComparer.Ordinal)
    {
        ["a"] = MaskKind.All, ["r"] = MaskKind.Right, ["l"] = MaskKind.Left, ["d"] = MaskKind.Down,
        ["u"] = MaskKind.Up, ["n"] = MaskKind.Near, ["f"] = MaskKind.Far,
    };

    public override string ToString() => Kind switch
    {
        MaskKind.Semantic => $"semantic '{Target}'",
        MaskKind.Image or MaskKind.Video => $"{Kind.ToString().ToLowerInvariant()} {(Inverted ? "-" : "")}{Target}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

namespace Pytti.Scenes.Schema;

/// <summary>
/// When a parameter can change the rendered pixels, and so belongs in a frame's canonical form.
/// <see cref="Output"/> parameters never do (display, logging, encoding of the final video).
/// </summary>
public enum Relevance
{
    Always,
    Output,
    InitImage,
    Audio,
    Animated,
    TwoD,
    ThreeD,
    /// <summary>2D or 3D.</summary>
    Motion,
    VideoSource,
    /// <summary>3D or Video Source (optical flow).</summary>
    Flow,
    /// <summary>3D, or a depth stabilisation weight.</summary>
    Depth,
    /// <summary>Animated, or an init image (stabilisation targets start as the init image).</summary>
    Stabilization,
    LimitedPalette,
    Vqgan,
    /// <summary>Folded into the effective perceptor list.</summary>
    Perceptor,
    /// <summary>Video Source reads saves and backups for its flows.</summary>
    SaveEvery,
}

namespace Pytti.Cli;

/// <summary>
/// Error codes the CLI itself raises. Ranges by area: PYTTI001–099 scene files (Pytti.Scenes),
/// PYTTI100–119 weight files, PYTTI120–139 the model store, PYTTI140–159 models and the CLI's
/// own checks, PYTTI200–299 the render engine, PYTTI300–399 pipeline, cache and media.
/// </summary>
public static class CliErrorCodes
{
    /// <summary>A checkpoint that is not a CLIP model (or not loadable as one).</summary>
    public const string NotAClipModel = "PYTTI140";

    /// <summary>A text prompt longer than CLIP's 77-token context.</summary>
    public const string PromptTooLong = "PYTTI141";

    /// <summary>A VQGAN checkpoint or config that cannot be loaded.</summary>
    public const string NotAVqganModel = "PYTTI142";

    /// <summary>A checkpoint that is not a Depth Anything V2 model (or not loadable as one).</summary>
    public const string NotADepthModel = "PYTTI143";

    /// <summary>A checkpoint that is not a RAFT optical-flow model (or not loadable as one).</summary>
    public const string NotAFlowModel = "PYTTI144";

    /// <summary>Command-line arguments that do not fit together (no scene file, a file beside <c>--config-dir</c>, two files where one is taken).</summary>
    public const string Arguments = "PYTTI145";

    /// <summary>The live preview page cannot be served (a bad <c>--preview</c> port or <c>--preview-host</c>, a port in use).</summary>
    public const string Preview = "PYTTI147";

    /// <summary>A file or folder that cannot be read or written (permissions, a full disk, a folder where a file belongs).</summary>
    public const string FileSystem = "PYTTI150";

    /// <summary><c>--remote-cache</c> or <c>PYTTI_REMOTE_CACHE</c> is not an http(s) URL, or carries credentials.</summary>
    public const string RemoteCacheUrl = "PYTTI151";

    /// <summary>libtorch (TorchSharp's native runtime) could not be loaded on this machine.</summary>
    public const string LibTorchUnavailable = "PYTTI152";

    /// <summary>An exception nobody anticipated: a bug, reported without a stack trace unless <c>--verbose</c>.</summary>
    public const string Unexpected = "PYTTI159";

    /// <summary>An image or video that cannot be read or written through FFmpeg.</summary>
    public const string Media = "PYTTI300";
}

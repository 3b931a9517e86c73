namespace Pytti.Scenes.Diagnostics;

/// <summary>
/// The single table of error codes of scene loading (PYTTI001-PYTTI099). Every code is documented
/// in <c>src/Pytti.Scenes/README.md</c>; a test keeps the two in step.
/// </summary>
public static class ErrorCodes
{
    public const string YamlSyntax = "PYTTI001";
    public const string FileNotFound = "PYTTI002";
    public const string NotAMapping = "PYTTI003";
    public const string DuplicateKey = "PYTTI004";
    public const string UnknownKey = "PYTTI005";
    public const string ExtendsCycle = "PYTTI006";
    public const string InvalidExtends = "PYTTI007";
    public const string InvalidOverride = "PYTTI008";
    public const string WrongType = "PYTTI009";
    public const string OutOfRange = "PYTTI010";
    public const string InvalidEnum = "PYTTI011";
    public const string MissingRequired = "PYTTI012";
    public const string Interpolation = "PYTTI013";
    public const string Unsupported = "PYTTI014";
    public const string Inconsistent = "PYTTI015";
    public const string UnknownModel = "PYTTI016";
    public const string InvalidAudioFilter = "PYTTI017";
    public const string HydraComposition = "PYTTI018";
    public const string EmptyPromptText = "PYTTI020";
    public const string EmptyWeight = "PYTTI021";
    public const string EmptyMask = "PYTTI022";
    public const string TooManyColons = "PYTTI023";
    public const string EmptyImagePath = "PYTTI024";
    public const string VideoImagePrompt = "PYTTI025";
    public const string DrivePathInTextPrompt = "PYTTI026";
    public const string UnclosedBracket = "PYTTI027";
    public const string InvalidPath = "PYTTI028";
    public const string InputFileNotFound = "PYTTI029";
    public const string ExpressionSyntax = "PYTTI030";
    public const string UnknownName = "PYTTI031";
    public const string ArgumentCount = "PYTTI032";
    public const string ExpressionType = "PYTTI033";
    public const string EvaluationError = "PYTTI034";
    public const string InvalidFrameRange = "PYTTI040";
    public const string NotUtf8 = "PYTTI041";
    public const string FileTooLarge = "PYTTI042";
    public const string PlanTooLarge = "PYTTI043";

    /// <summary>Every code with a one-line summary, in order.</summary>
    public static IReadOnlyList<(string Code, string Summary)> All { get; } =
    [
        (YamlSyntax, "The file is not valid YAML."),
        (FileNotFound, "A scene file or a file named in `extends:` does not exist."),
        (NotAMapping, "A scene file (or an `input_audio_filters` entry) must be a YAML mapping of `key: value`."),
        (DuplicateKey, "The same key appears twice in one mapping."),
        (UnknownKey, "The key is not a parameter; the message names the closest valid key."),
        (ExtendsCycle, "Files extend each other in a cycle."),
        (InvalidExtends, "`extends:` must be a file path or a list of file paths."),
        (InvalidOverride, "A command-line override is not of the form `key=value`."),
        (WrongType, "The value has the wrong type (for example text where a whole number is expected)."),
        (OutOfRange, "The number is outside the allowed range."),
        (InvalidEnum, "The value is not one of the allowed values; the message lists them."),
        (MissingRequired, "A required parameter (`scenes`) is missing."),
        (Interpolation, "An OmegaConf interpolation `${...}` names a key or resolver that does not exist, refers to itself, or glues a list into text."),
        (Unsupported, "A PyTTI feature this port does not support (mmc perceptors, videos as image prompts)."),
        (Inconsistent, "Parameters that are valid alone but contradict each other."),
        (UnknownModel, "A perceptor, VQGAN, depth or flow model name that is not registered and does not look like a file path."),
        (InvalidAudioFilter, "An `input_audio_filters` entry is missing a field or has a bad variable name."),
        (HydraComposition, "Hydra composition failed: a `defaults:` entry is malformed, a config group has no such option, or an override file lacks `# @package _global_`."),
        (EmptyPromptText, "A prompt has no text (for example `:2`)."),
        (EmptyWeight, "A prompt has a `:` but no weight after it (`cat:` or `cat::0.5`)."),
        (EmptyMask, "A prompt weight ends with `_` but no mask follows (`cat:1_`)."),
        (TooManyColons, "A prompt has more than two separating colons (`a:b:c:d`)."),
        (EmptyImagePath, "An image prompt or image mask has empty brackets `[]`."),
        (VideoImagePrompt, "A video file is used as an image prompt (only video masks are supported)."),
        (DrivePathInTextPrompt, "An unbracketed Windows path `C:/x.png` in a CLIP prompt splits at the drive colon."),
        (UnclosedBracket, "A prompt text or mask starts with `[` and never closes it."),
        (InvalidPath, "A file path contains characters no file system accepts (control characters)."),
        (InputFileNotFound, "An input file the scene names (init image, image prompt, mask, video, audio, palette, checkpoint) does not exist (`pytti check` and `pytti explain`)."),
        (ExpressionSyntax, "An expression (weight, stop, motion value) is not well formed."),
        (UnknownName, "An expression uses a name that is not a variable, function or constant available there."),
        (ArgumentCount, "A function is called with the wrong number of arguments."),
        (ExpressionType, "A list is used where a number is expected, or the other way round."),
        (EvaluationError, "An expression failed while being evaluated (for example a math domain error)."),
        (InvalidFrameRange, "A `--frames A..B` range is malformed or outside the plan."),
        (NotUtf8, "A scene file is not UTF-8 text (UTF-8 with or without a BOM, or UTF-16 with a BOM)."),
        (FileTooLarge, "A scene file, or a command-line override, is larger than a scene file can sensibly be (1 MiB)."),
        (PlanTooLarge, "A frame, or a render, has more steps or frames than this port evaluates and keys in advance (the message gives the limit and the setting to lower)."),
    ];
}

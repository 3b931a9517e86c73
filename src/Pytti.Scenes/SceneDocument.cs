using Pytti.Scenes.Dsl;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes;

/// <summary>The init and stabilisation losses, each null when its weight is <c>''</c> or <c>'0'</c>.</summary>
public sealed record LossWeights(
    LossWeight? DirectInit,
    LossWeight? SemanticInit,
    LossWeight? DirectStabilization,
    LossWeight? SemanticStabilization,
    LossWeight? DepthStabilization,
    LossWeight? EdgeStabilization,
    LossWeight? FlowStabilization)
{
    /// <summary>Each loss with its name in JSON (<c>direct_init</c>, ..., <c>flow_stabilization</c>), in PyTTI's order.</summary>
    public IEnumerable<(string Name, LossWeight? Weight)> Named() =>
    [
        ("direct_init", DirectInit), ("semantic_init", SemanticInit), ("direct_stabilization", DirectStabilization),
        ("semantic_stabilization", SemanticStabilization), ("depth_stabilization", DepthStabilization),
        ("edge_stabilization", EdgeStabilization), ("flow_stabilization", FlowStabilization),
    ];
}

/// <summary>
/// A scene file after loading: every setting with its source, the typed values, the parsed scenes
/// and prompts, and the effective perceptors. Immutable; everything later stages need.
/// </summary>
public sealed record SceneDocument(
    string RootFile,
    string RootDirectory,
    IReadOnlyDictionary<string, Setting> Settings,
    PyttiSettings Values,
    IReadOnlyList<Scene> Scenes,
    IReadOnlyList<DirectPrompt> DirectPrompts,
    LossWeights Losses,
    IReadOnlyList<string> Perceptors)
{
    /// <summary>
    /// The time the configuration's clock values were taken from (<c>${now:...}</c>, <c>seed: null</c>),
    /// or null when it has none. Record it (manifest, lock file) and load with
    /// <see cref="SceneLoadOptions.Now"/> set to it to get the same values again.
    /// </summary>
    public DateTimeOffset? Clock { get; init; }

    /// <summary>The names of the audio variables (without <c>_prev</c>) expressions may use.</summary>
    public IEnumerable<string> AudioVariables => Values.InputAudioFilters.Select(f => f.VariableName);

    public bool IsAnimated => Values.AnimationMode != "off";

    /// <summary>The video to write, or null for <c>video_container: none</c>.</summary>
    public VideoOutput? Video => VideoOutput.From(Values);

    /// <summary>
    /// <c>learning_rate</c>, or the image model's default when null (reference 1.3): 0.02 for the
    /// palettes, 0.1 for VQGAN, 0.15 for the Gumbel VQGAN <c>openimages</c>. A VQGAN checkpoint given by
    /// path may be Gumbel too, which only its config tells: the renderer asks the loaded model instead.
    /// </summary>
    public double EffectiveLearningRate => Values.LearningRate ?? Values.ImageModel switch
    {
        "VQGAN" when Values.VqganModel == "openimages" => 0.15,
        "VQGAN" => 0.1,
        _ => 0.02,
    };
}

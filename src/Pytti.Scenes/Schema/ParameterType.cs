namespace Pytti.Scenes.Schema;

/// <summary>How a parameter's YAML text is read and checked.</summary>
public enum ParameterType
{
    /// <summary>Any text (null means empty).</summary>
    Text,
    /// <summary>A file path resolved against the folder of the file that sets it, or an http(s) URL.</summary>
    Path,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A number (<c>.inf</c> allowed).</summary>
    Number,
    /// <summary>A number or null.</summary>
    NullableNumber,
    /// <summary><c>true/false</c> (also YAML 1.1 <c>yes/no/on/off</c>).</summary>
    Boolean,
    /// <summary>One of a fixed list of texts.</summary>
    Choice,
    /// <summary>An expression evaluated at every frame boundary.</summary>
    FrameExpression,
    /// <summary>An expression evaluated at every step.</summary>
    StepExpression,
    /// <summary>The scene DSL (reference 2.1-2.2).</summary>
    Scenes,
    /// <summary>Direct image prompts (reference 2.6).</summary>
    DirectPrompts,
    /// <summary>A direct/depth/edge/flow loss weight (grammar 2.6).</summary>
    DirectWeight,
    /// <summary>A semantic (CLIP) loss weight (grammar 2.2).</summary>
    SemanticWeight,
    /// <summary>An integer seed (also as a digit string).</summary>
    Seed,
    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or N.</summary>
    Device,
    /// <summary>A registered model name or a checkpoint path.</summary>
    Model,
    /// <summary>A list of perceptor names or checkpoint paths.</summary>
    Perceptors,
    /// <summary>A list of audio band-pass filters.</summary>
    AudioFilters,
    /// <summary>A list of anything (kept for compatibility, unused).</summary>
    List,
}

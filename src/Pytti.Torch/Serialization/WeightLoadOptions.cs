namespace Pytti.Torch.Serialization;

/// <summary>How <see cref="WeightFile.Load"/> turns a checkpoint into a flat state dict.</summary>
public sealed record WeightLoadOptions
{
    /// <summary>
    /// The entry of a top-level checkpoint dict that holds the state dict (<c>"model"</c>, <c>"ema"</c>, ...).
    /// When null, <c>"state_dict"</c> is used if present; otherwise every tensor of the file is listed.
    /// </summary>
    public string? StateDictKey { get; init; }

    /// <summary>Drop the <c>module.</c> prefix that <c>torch.nn.DataParallel</c> adds to every key.</summary>
    public bool StripModulePrefix { get; init; }
}

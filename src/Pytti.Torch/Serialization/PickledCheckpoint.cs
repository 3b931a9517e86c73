namespace Pytti.Torch.Serialization;

/// <summary>
/// The unpickled top-level object of a PyTorch file, with its storages bound to the file's bytes;
/// for TorchScript archives also the classes' parameter and buffer declarations.
/// </summary>
internal sealed record PickledCheckpoint(string Path, WeightFormat Format, object? Root)
{
    public TorchScriptDeclarations Declarations { get; init; } = TorchScriptDeclarations.None;
}

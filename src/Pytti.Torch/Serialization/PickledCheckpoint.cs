namespace Pytti.Torch.Serialization;

/// <summary>The unpickled top-level object of a PyTorch file, with its storages bound to the file's bytes.</summary>
internal sealed record PickledCheckpoint(string Path, WeightFormat Format, object? Root);

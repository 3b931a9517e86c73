namespace Pytti.Models.Tests.Clip;

/// <summary>Tests that count live native tensors run alone: the count is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibTorchCollection
{
    public const string Name = "libtorch";
}

namespace Pytti.Models.Store;

/// <summary>
/// A model file this build ships no SHA-256 for, and whose digest the user has not pinned: the store
/// will neither download nor use it. The message says where to read the official digest, the exact
/// <c>pytti models pin</c> command, where the file will go, and that a checkpoint path works too.
/// </summary>
public sealed class ModelNeedsDigestException(PinnableModel model, string expectedPath, string pinsFile)
    : ModelStoreException(ModelErrorCodes.ModelUnavailable, Describe(model, expectedPath, pinsFile))
{
    public PinnableModel Model { get; } = model;
    public string ExpectedPath { get; } = expectedPath;

    private static string Describe(PinnableModel model, string path, string pinsFile) =>
        $"""
        model '{model.Name}' ({model.Kind}) has no SHA-256 digest in this build, and none is pinned, so the model store will not download or use it.
          Read the digest:  {model.WhereToReadDigest}
          then pin it:      {model.PinCommand}
        The store then downloads {model.Url}
          to {path} and verifies it against the pinned digest (pins are kept in {pinsFile}).
        Or download the file yourself and give its path instead of the name.
        """;
}

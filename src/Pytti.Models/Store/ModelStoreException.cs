namespace Pytti.Models.Store;

/// <summary>A model-store problem the user can fix; <see cref="Code"/> is one of <see cref="ModelErrorCodes"/>.</summary>
public class ModelStoreException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

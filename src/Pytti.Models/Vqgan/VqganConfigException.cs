namespace Pytti.Models.Vqgan;

/// <summary>A VQGAN YAML config that cannot be used; the message names the file and the key.</summary>
public sealed class VqganConfigException(string message, Exception? inner = null) : Exception(message, inner);

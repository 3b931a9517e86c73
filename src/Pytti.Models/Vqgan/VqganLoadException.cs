namespace Pytti.Models.Vqgan;

/// <summary>A VQGAN checkpoint that cannot be read or does not fit its config; the message names the files and keys.</summary>
public sealed class VqganLoadException(string message, Exception? inner = null) : Exception(message, inner);

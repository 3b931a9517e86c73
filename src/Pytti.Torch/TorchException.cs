namespace Pytti.Torch;

/// <summary>An error reported by libtorch (bad shapes, unsupported dtype, ...). The message is libtorch's own.</summary>
public sealed class TorchException(string message) : Exception(message);

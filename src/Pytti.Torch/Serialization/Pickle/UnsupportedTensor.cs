namespace Pytti.Torch.Serialization;

/// <summary>
/// A tensor this reader cannot represent (quantized, sparse, meta, or rebuilt from something other than
/// a checkpoint storage). Loading fails with a clear error only if it is part of the requested state dict.
/// </summary>
internal sealed record UnsupportedTensor(string Kind, string Function)
{
    public override string ToString() => $"<{Kind}>";
}

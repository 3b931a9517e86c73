using TorchSharp;
using Wrapped = Pytti.Torch.Tensor;

namespace Pytti.Engine.Rendering;

/// <summary>
/// Wrapper boundary: hands tensors between the TorchSharp-typed renderer and the code that still takes or returns
/// <see cref="Wrapped"/> tensors (the image models, the animation and its losses). Each conversion makes a second owner
/// of the same tensor (same storage, same autograd identity). Call it outside TorchSharp dispose scopes, which would
/// dispose a tensor a wrapper still owns. Goes with the wrapper.
/// </summary>
internal static class WrapperBoundary
{
    /// <summary>The TorchSharp tensor of <paramref name="wrapped"/>, now owned by the caller; the wrapper is disposed.</summary>
    public static torch.Tensor Take(Wrapped wrapped)
    {
        using (wrapped) return wrapped.Torch.alias();
    }

    /// <summary>A wrapper that takes ownership of <paramref name="tensor"/> (a tensor the caller was given to dispose).</summary>
    public static Wrapped Give(torch.Tensor tensor) => Wrapped.Wrap(tensor);

    /// <summary>A wrapper owning a second reference to <paramref name="tensor"/>; the caller keeps its own.</summary>
    public static Wrapped Lend(torch.Tensor tensor) => Wrapped.Wrap(tensor.alias());

    /// <summary>Calls <paramref name="use"/> with wrappers lent (<see cref="Lend(torch.Tensor)"/>) for named tensors, and disposes them after.</summary>
    public static void Lending(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, Action<Dictionary<string, Wrapped>> use)
    {
        var lent = tensors.ToDictionary(kv => kv.Key, kv => Lend(kv.Value));
        try
        {
            use(lent);
        }
        finally
        {
            foreach (var t in lent.Values) t.Dispose();
        }
    }
}

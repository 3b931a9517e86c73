using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>
/// What RAFT carries between iterations: the GRU hidden state, the fixed context features, and the
/// matched coordinates <c>coords1</c> against the pixel grid <c>coords0</c> ([N, 2, h, w], channels x, y).
/// Owns its tensors (outside any dispose scope).
/// </summary>
internal sealed class RaftState : IDisposable
{
    private readonly Tensor _coords0;

    public RaftState(Tensor hidden, Tensor context, Tensor like)
    {
        Hidden = hidden.DetachFromDisposeScope();
        Context = context.DetachFromDisposeScope();
        _coords0 = CoordinateGrid(like.shape[0], like.shape[2], like.shape[3], like.device).DetachFromDisposeScope();
        Coords1 = _coords0.clone().DetachFromDisposeScope();
    }

    public Tensor Hidden { get; private set; }
    public Tensor Context { get; }
    public Tensor Coords1 { get; private set; }

    /// <summary>coords1 - coords0: the flow at 1/8 resolution (a new tensor in the current scope).</summary>
    public Tensor Flow() => Coords1 - _coords0;

    /// <summary>Takes over a new hidden state, disposing the old one.</summary>
    public void Replace(Tensor hidden)
    {
        Hidden.Dispose();
        Hidden = hidden.DetachFromDisposeScope();
    }

    /// <summary>Moves the matches by <paramref name="delta"/> [N, 2, h, w].</summary>
    public void Advance(Tensor delta)
    {
        var next = (Coords1 + delta).DetachFromDisposeScope();
        Coords1.Dispose();
        Coords1 = next;
    }

    /// <summary>Upstream's <c>coords1 = coords1.detach()</c>: no gradient flows from one iteration's matches into the next lookup.</summary>
    public void DetachCoordinates()
    {
        if (!Coords1.requires_grad) return;
        var detached = Coords1.detach().DetachFromDisposeScope();
        Coords1.Dispose();
        Coords1 = detached;
    }

    /// <summary>Upstream <c>coords_grid</c>: channel 0 is x (column), channel 1 is y (row), as float.</summary>
    private static Tensor CoordinateGrid(long n, long h, long w, Device device)
    {
        using var scope = NewDisposeScope();
        var x = arange(w, ScalarType.Float32, device).view(1, w).expand(h, w);
        var y = arange(h, ScalarType.Float32, device).view(h, 1).expand(h, w);
        return stack([x, y], 0).unsqueeze(0).repeat(n, 1, 1, 1).MoveToOuterDisposeScope();   // [N, 2, h, w]
    }

    public void Dispose()
    {
        Hidden.Dispose();
        Context.Dispose();
        _coords0.Dispose();
        Coords1.Dispose();
    }
}

using Pytti.Torch;

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
        Hidden = hidden.DetachFromScopes();
        Context = context.DetachFromScopes();
        _coords0 = CoordinateGrid(like.Size(0), like.Size(2), like.Size(3), like.Device).DetachFromScopes();
        Coords1 = _coords0.Clone().DetachFromScopes();
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
        Hidden = hidden.DetachFromScopes();
    }

    /// <summary>Moves the matches by <paramref name="delta"/> [N, 2, h, w].</summary>
    public void Advance(Tensor delta)
    {
        var next = (Coords1 + delta).DetachFromScopes();
        Coords1.Dispose();
        Coords1 = next;
    }

    /// <summary>Upstream's <c>coords1 = coords1.detach()</c>: no gradient flows from one iteration's matches into the next lookup.</summary>
    public void DetachCoordinates()
    {
        if (!Coords1.RequiresGrad) return;
        var detached = Coords1.Detach().DetachFromScopes();
        Coords1.Dispose();
        Coords1 = detached;
    }

    /// <summary>Upstream <c>coords_grid</c>: channel 0 is x (column), channel 1 is y (row), as float.</summary>
    private static Tensor CoordinateGrid(long n, long h, long w, Device device)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.Arange(w, DType.Float32, device).View(1, w).Expand(h, w);
        var y = Tensor.Arange(h, DType.Float32, device).View(h, 1).Expand(h, w);
        return Tensor.Stack([x, y], 0).Unsqueeze(0).Repeat(n, 1, 1, 1).MoveToOuterScope();   // [N, 2, h, w]
    }

    public void Dispose()
    {
        Hidden.Dispose();
        Context.Dispose();
        _coords0.Dispose();
        Coords1.Dispose();
    }
}

using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>A recurrent cell of RAFT's update block: the new hidden state from the old one and the input.</summary>
internal abstract class GruCell : Module
{
    public abstract Tensor Step(Tensor hidden, Tensor input);

    /// <summary>One gated update with convolutions z, r, q: <c>h' = (1 - z)·h + z·tanh(q([r·h, x]))</c>.</summary>
    protected static Tensor Update(Module convz, Module convr, Module convq, Tensor h, Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var hx = Tensor.Cat([h, x], 1);
        var z = convz.Forward(hx).Sigmoid();
        var r = convr.Forward(hx).Sigmoid();
        var q = convq.Forward(Tensor.Cat([r * h, x], 1)).Tanh();
        return ((1L - z) * h + z * q).MoveToOuterScope();
    }
}

/// <summary>RAFT-small's convolutional GRU: 3x3 gates (upstream <c>ConvGRU</c>).</summary>
internal sealed class ConvGru : GruCell
{
    public ConvGru(long hiddenDim, long inputDim)
    {
        convz = RegisterModule("convz", new Conv2d(hiddenDim + inputDim, hiddenDim, 3, padding: 1));
        convr = RegisterModule("convr", new Conv2d(hiddenDim + inputDim, hiddenDim, 3, padding: 1));
        convq = RegisterModule("convq", new Conv2d(hiddenDim + inputDim, hiddenDim, 3, padding: 1));
    }

    public Conv2d convz { get; }
    public Conv2d convr { get; }
    public Conv2d convq { get; }

    public override Tensor Step(Tensor hidden, Tensor input) => Update(convz, convr, convq, hidden, input);
}

/// <summary>RAFT-large's separable GRU: a horizontal (1x5) update, then a vertical (5x1) one (upstream <c>SepConvGRU</c>).</summary>
internal sealed class SepConvGru : GruCell
{
    public SepConvGru(long hiddenDim, long inputDim)
    {
        var channels = hiddenDim + inputDim;
        convz1 = RegisterModule("convz1", new RectangularConv2d(channels, hiddenDim, 1, 5));
        convr1 = RegisterModule("convr1", new RectangularConv2d(channels, hiddenDim, 1, 5));
        convq1 = RegisterModule("convq1", new RectangularConv2d(channels, hiddenDim, 1, 5));
        convz2 = RegisterModule("convz2", new RectangularConv2d(channels, hiddenDim, 5, 1));
        convr2 = RegisterModule("convr2", new RectangularConv2d(channels, hiddenDim, 5, 1));
        convq2 = RegisterModule("convq2", new RectangularConv2d(channels, hiddenDim, 5, 1));
    }

    public RectangularConv2d convz1 { get; }
    public RectangularConv2d convr1 { get; }
    public RectangularConv2d convq1 { get; }
    public RectangularConv2d convz2 { get; }
    public RectangularConv2d convr2 { get; }
    public RectangularConv2d convq2 { get; }

    public override Tensor Step(Tensor hidden, Tensor input)
    {
        using var horizontal = Update(convz1, convr1, convq1, hidden, input);
        return Update(convz2, convr2, convq2, horizontal, input);
    }
}

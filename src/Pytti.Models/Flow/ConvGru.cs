using static TorchSharp.torch;
using Conv2d = TorchSharp.Modules.Conv2d;

namespace Pytti.Models.Flow;

/// <summary>A recurrent cell of RAFT's update block: the new hidden state from the old one and the input.</summary>
internal abstract class GruCell(string name) : nn.Module(name)
{
    public abstract Tensor Step(Tensor hidden, Tensor input);

    /// <summary>One gated update with convolutions z, r, q: <c>h' = (1 - z)·h + z·tanh(q([r·h, x]))</c>.</summary>
    protected static Tensor Update(Conv2d convz, Conv2d convr, Conv2d convq, Tensor h, Tensor x)
    {
        using var scope = NewDisposeScope();
        var hx = cat([h, x], 1);
        var z = convz.call(hx).sigmoid();
        var r = convr.call(hx).sigmoid();
        var q = convq.call(cat([r * h, x], 1)).tanh();
        return ((1L - z) * h + z * q).MoveToOuterDisposeScope();
    }
}

/// <summary>RAFT-small's convolutional GRU: 3x3 gates (upstream <c>ConvGRU</c>).</summary>
internal sealed class ConvGru : GruCell
{
    private readonly Conv2d convz;
    private readonly Conv2d convr;
    private readonly Conv2d convq;

    public ConvGru(long hiddenDim, long inputDim) : base(nameof(ConvGru))
    {
        convz = nn.Conv2d(hiddenDim + inputDim, hiddenDim, 3, padding: 1);
        convr = nn.Conv2d(hiddenDim + inputDim, hiddenDim, 3, padding: 1);
        convq = nn.Conv2d(hiddenDim + inputDim, hiddenDim, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor Step(Tensor hidden, Tensor input) => Update(convz, convr, convq, hidden, input);
}

/// <summary>RAFT-large's separable GRU: a horizontal (1x5) update, then a vertical (5x1) one (upstream <c>SepConvGRU</c>).</summary>
internal sealed class SepConvGru : GruCell
{
    private readonly Conv2d convz1;
    private readonly Conv2d convr1;
    private readonly Conv2d convq1;
    private readonly Conv2d convz2;
    private readonly Conv2d convr2;
    private readonly Conv2d convq2;

    public SepConvGru(long hiddenDim, long inputDim) : base(nameof(SepConvGru))
    {
        var channels = hiddenDim + inputDim;
        convz1 = Horizontal(channels, hiddenDim);
        convr1 = Horizontal(channels, hiddenDim);
        convq1 = Horizontal(channels, hiddenDim);
        convz2 = Vertical(channels, hiddenDim);
        convr2 = Vertical(channels, hiddenDim);
        convq2 = Vertical(channels, hiddenDim);
        RegisterComponents();
    }

    /// <summary>1x5 kernel, "same" padding (0, 2).</summary>
    private static Conv2d Horizontal(long inChannels, long outChannels) => nn.Conv2d(inChannels, outChannels, (1, 5), padding: (0, 2));

    /// <summary>5x1 kernel, "same" padding (2, 0).</summary>
    private static Conv2d Vertical(long inChannels, long outChannels) => nn.Conv2d(inChannels, outChannels, (5, 1), padding: (2, 0));

    public override Tensor Step(Tensor hidden, Tensor input)
    {
        using var horizontal = Update(convz1, convr1, convq1, hidden, input);
        return Update(convz2, convr2, convq2, horizontal, input);
    }
}

using static TorchSharp.torch;
using Conv2d = TorchSharp.Modules.Conv2d;

namespace Pytti.Models.Flow;

/// <summary>
/// Encodes correlation features and the current flow into motion features, with the flow appended
/// (upstream <c>SmallMotionEncoder</c> / <c>BasicMotionEncoder</c>; the large one has a second
/// correlation convolution <c>convc2</c>). Output channels: small 80 + 2, large 126 + 2.
/// </summary>
internal sealed class MotionEncoder : nn.Module
{
    private readonly Conv2d convc1;
    private readonly Conv2d? convc2;
    private readonly Conv2d convf1;
    private readonly Conv2d convf2;
    private readonly Conv2d conv;

    public MotionEncoder(bool small, long correlationChannels) : base(nameof(MotionEncoder))
    {
        if (small)
        {
            convc1 = nn.Conv2d(correlationChannels, 96, 1);
            convf1 = nn.Conv2d(2, 64, 7, padding: 3);
            convf2 = nn.Conv2d(64, 32, 3, padding: 1);
            conv = nn.Conv2d(128, 80, 3, padding: 1);
        }
        else
        {
            convc1 = nn.Conv2d(correlationChannels, 256, 1);
            convc2 = nn.Conv2d(256, 192, 3, padding: 1);
            convf1 = nn.Conv2d(2, 128, 7, padding: 3);
            convf2 = nn.Conv2d(128, 64, 3, padding: 1);
            conv = nn.Conv2d(64 + 192, 128 - 2, 3, padding: 1);
        }
        RegisterComponents();
    }

    /// <summary>Channels of <see cref="Encode"/>'s output.</summary>
    public long OutputChannels => conv.out_channels + 2;

    /// <summary>Motion features [N, OutputChannels, h, w] from the flow [N, 2, h, w] and the correlation lookup.</summary>
    public Tensor Encode(Tensor flow, Tensor correlation)
    {
        using var scope = NewDisposeScope();
        var cor = nn.functional.relu(convc1.call(correlation));
        if (convc2 is not null) cor = nn.functional.relu(convc2.call(cor));
        var flo = nn.functional.relu(convf1.call(flow));
        flo = nn.functional.relu(convf2.call(flo));
        var output = nn.functional.relu(conv.call(cat([cor, flo], 1)));
        return cat([output, flow], 1).MoveToOuterDisposeScope();
    }
}

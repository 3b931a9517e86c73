using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>
/// Encodes correlation features and the current flow into motion features, with the flow appended
/// (upstream <c>SmallMotionEncoder</c> / <c>BasicMotionEncoder</c>; the large one has a second
/// correlation convolution <c>convc2</c>). Output channels: small 80 + 2, large 126 + 2.
/// </summary>
internal sealed class MotionEncoder : Module
{
    public MotionEncoder(bool small, long correlationChannels)
    {
        if (small)
        {
            convc1 = RegisterModule("convc1", new Conv2d(correlationChannels, 96, 1));
            convf1 = RegisterModule("convf1", new Conv2d(2, 64, 7, padding: 3));
            convf2 = RegisterModule("convf2", new Conv2d(64, 32, 3, padding: 1));
            conv = RegisterModule("conv", new Conv2d(128, 80, 3, padding: 1));
        }
        else
        {
            convc1 = RegisterModule("convc1", new Conv2d(correlationChannels, 256, 1));
            convc2 = RegisterModule("convc2", new Conv2d(256, 192, 3, padding: 1));
            convf1 = RegisterModule("convf1", new Conv2d(2, 128, 7, padding: 3));
            convf2 = RegisterModule("convf2", new Conv2d(128, 64, 3, padding: 1));
            conv = RegisterModule("conv", new Conv2d(64 + 192, 128 - 2, 3, padding: 1));
        }
    }

    public Conv2d convc1 { get; }
    public Conv2d? convc2 { get; }
    public Conv2d convf1 { get; }
    public Conv2d convf2 { get; }
    public Conv2d conv { get; }

    /// <summary>Channels of <see cref="Encode"/>'s output.</summary>
    public long OutputChannels => conv.weight.Size(0) + 2;

    public Tensor Encode(Tensor flow, Tensor correlation)
    {
        using var scope = LibTorch.NewDisposeScope();
        var cor = Functional.Relu(convc1.Forward(correlation));
        if (convc2 is not null) cor = Functional.Relu(convc2.Forward(cor));
        var flo = Functional.Relu(convf1.Forward(flow));
        flo = Functional.Relu(convf2.Forward(flo));
        var output = Functional.Relu(conv.Forward(Tensor.Cat([cor, flo], 1)));
        return Tensor.Cat([output, flow], 1).MoveToOuterScope();
    }
}

using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>
/// A stride-1 convolution with a kh x kw kernel and "same" padding (kh/2, kw/2), e.g. the 1x5 and 5x1
/// convolutions of RAFT's separable GRU. Keys: <c>weight</c> [out, in, kh, kw], <c>bias</c> [out]
/// (zero until a checkpoint is loaded).
/// </summary>
internal sealed class RectangularConv2d : Module
{
    public RectangularConv2d(long inChannels, long outChannels, long kernelHeight, long kernelWidth)
    {
        Padding = [kernelHeight / 2, kernelWidth / 2];
        RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels, kernelHeight, kernelWidth]));
        RegisterParameter("bias", Tensor.Zeros([outChannels]));
    }

    public long[] Padding { get; }
    public Tensor weight => Parameter("weight");
    public Tensor bias => Parameter("bias");

    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, weight, bias, padding: Padding);
}

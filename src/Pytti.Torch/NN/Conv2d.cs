namespace Pytti.Torch.NN;

/// <summary>2-D convolution. Keys: <c>weight</c> [out, in/groups, kh, kw], <c>bias</c> [out].</summary>
public sealed class Conv2d : Module
{
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool hasBias = true)
    {
        Stride = [stride, stride];
        Padding = [padding, padding];
        Dilation = [dilation, dilation];
        Groups = groups;
        var fanIn = inChannels / groups * kernelSize * kernelSize;
        RegisterParameter("weight", Init.FanIn([outChannels, inChannels / groups, kernelSize, kernelSize], fanIn));
        if (hasBias) RegisterParameter("bias", Init.FanIn([outChannels], fanIn));
        else RegisterAbsentParameter("bias");
    }

    public long[] Stride { get; }
    public long[] Padding { get; }
    public long[] Dilation { get; }
    public long Groups { get; }

    public Tensor weight => Parameter("weight");
    public Tensor? bias => OptionalParameter("bias");

    public override Tensor Forward(Tensor input) =>
        Functional.Conv2d(input, weight, bias, Stride, Padding, Dilation, Groups);
}

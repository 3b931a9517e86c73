namespace Pytti.Torch.NN;

/// <summary><c>y = x W^T + b</c>. Keys: <c>weight</c> [out, in], <c>bias</c> [out].</summary>
public sealed class Linear : Module
{
    public Linear(long inFeatures, long outFeatures, bool hasBias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        RegisterParameter("weight", Init.FanIn([outFeatures, inFeatures], inFeatures));
        if (hasBias) RegisterParameter("bias", Init.FanIn([outFeatures], inFeatures));
        else RegisterAbsentParameter("bias");
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }

    public Tensor weight => Parameter("weight");
    public Tensor? bias => OptionalParameter("bias");

    public override Tensor Forward(Tensor input) => Functional.Linear(input, weight, bias);
}

using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>Predicts the flow update (dx, dy) from the GRU state: conv 3x3, ReLU, conv 3x3 to 2 channels.</summary>
internal sealed class FlowHead : Module
{
    public FlowHead(long inputDim, long hiddenDim)
    {
        conv1 = RegisterModule("conv1", new Conv2d(inputDim, hiddenDim, 3, padding: 1));
        conv2 = RegisterModule("conv2", new Conv2d(hiddenDim, 2, 3, padding: 1));
    }

    public Conv2d conv1 { get; }
    public Conv2d conv2 { get; }

    public override Tensor Forward(Tensor x)
    {
        using var hidden = conv1.Forward(x);
        using var activated = Functional.Relu(hidden);
        return conv2.Forward(activated);
    }
}

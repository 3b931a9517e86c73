using static TorchSharp.torch;
using Conv2d = TorchSharp.Modules.Conv2d;

namespace Pytti.Models.Flow;

/// <summary>Predicts the flow update (dx, dy) from the GRU state: conv 3x3, ReLU, conv 3x3 to 2 channels.</summary>
internal sealed class FlowHead : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;

    public FlowHead(long inputDim, long hiddenDim) : base(nameof(FlowHead))
    {
        conv1 = nn.Conv2d(inputDim, hiddenDim, 3, padding: 1);
        conv2 = nn.Conv2d(hiddenDim, 2, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = conv1.call(x);
        using var activated = nn.functional.relu(hidden);
        return conv2.call(activated);
    }
}

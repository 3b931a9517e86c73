using Pytti.Torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// <c>F.gumbel_softmax(logits, tau, hard=True)</c>: one-hot of the argmax of <c>softmax((logits + g)/tau)</c>
/// with Gumbel noise <c>g = −log(E)</c>, E ~ Exp(1); forward value one-hot, gradient of the soft sample.
/// The noise is drawn from <see cref="Tensor.Rand(long[], Generator?, DType, Device?)"/> (E = −log(1 − U)),
/// so samples follow the same law as torch's, not its random stream.
/// </summary>
public static class GumbelSoftmax
{
    public static Tensor Hard(Tensor logits, double temperature, long dim, Generator? generator = null)
    {
        using var scope = LibTorch.NewDisposeScope();
        var uniform = Tensor.Rand(logits.Shape, generator, logits.DType, logits.Device);
        var exponential = (-(1.0 - uniform).Log()).Clamp(min: 1e-30);          // Exp(1), never 0
        var gumbel = -exponential.Log();
        var soft = Functional.Softmax((logits + gumbel) / temperature, dim);
        var index = soft.ArgMax(dim, keepDim: true);
        var hard = soft.ZerosLike().Scatter(dim, index, soft.OnesLike());
        return (hard - soft.Detach() + soft).MoveToOuterScope();
    }
}

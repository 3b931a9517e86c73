using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// <c>F.gumbel_softmax(logits, tau, hard=True)</c>: one-hot of the argmax of <c>softmax((logits + g)/tau)</c>
/// with Gumbel noise <c>g = −log(E)</c>, E ~ Exp(1); forward value one-hot, gradient of the soft sample.
/// The noise is drawn with <c>torch.rand</c> from the given generator (E = −log(1 − U)), so samples follow
/// the same law as torch's, not its random stream.
/// </summary>
public static class GumbelSoftmax
{
    public static Tensor Hard(Tensor logits, double temperature, long dim, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var uniform = rand(logits.shape, logits.dtype, logits.device, generator: generator);
        var exponential = (-(1.0 - uniform).log()).clamp(min: 1e-30);          // Exp(1), never 0
        var gumbel = -exponential.log();
        var soft = nn.functional.softmax((logits + gumbel) / temperature, dim);
        var index = soft.argmax(dim, keepdim: true);
        var hard = zeros_like(soft).scatter(dim, index, ones_like(soft));
        return (hard - soft.detach() + soft).MoveToOuterDisposeScope();
    }
}

using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>Squares as <c>x·x</c> (one <c>mul</c>, as the engine has always squared): the same bits and the same gradient graph.</summary>
internal static class Squares
{
    public static torch.Tensor Of(torch.Tensor x) => x.mul(x);

    /// <summary>mean(x²) over every element.</summary>
    public static torch.Tensor Mean(torch.Tensor x)
    {
        using var squared = x.mul(x);
        return squared.mean();
    }

    /// <summary>Σ x² over <paramref name="dim"/>, kept.</summary>
    public static torch.Tensor Sum(torch.Tensor x, long dim)
    {
        using var squared = x.mul(x);
        return squared.sum([dim], keepdim: true);
    }
}

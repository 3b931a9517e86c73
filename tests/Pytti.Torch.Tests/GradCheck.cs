using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>
/// Compares autograd gradients with central finite differences in float64, like
/// <c>torch.autograd.gradcheck</c>: the scalar probed is sum(f(x) * r) for a fixed random r.
/// </summary>
internal static class GradCheck
{
    private const double Eps = 1e-6;

    public static void Check(Func<torch.Tensor[], torch.Tensor> f, params torch.Tensor[] inputs) => Check(f, 1e-5, 1e-4, inputs);

    public static void Check(Func<torch.Tensor[], torch.Tensor> f, double atol, double rtol, params torch.Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        var xs = inputs.Select(i => i.to(torch.float64).detach().requires_grad_()).ToArray();
        var output = f(xs);
        using var gen = new torch.Generator(1234);
        var r = torch.randn(output.shape, torch.float64, generator: gen);
        var loss = (output * r).sum();
        var analytic = CheckedAutograd.Grad([loss], xs, allowUnused: true);
        var values = xs.Select(TensorAssert.Values).ToArray();
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = Numerical(f, r, values, xs, i);
            var actual = analytic[i] is { } g ? TensorAssert.Values(g) : new double[expected.Length];
            TensorAssert.Close(expected, actual, atol, rtol, what: $"d/d input{i}");
        }
    }

    private static double[] Numerical(Func<torch.Tensor[], torch.Tensor> f, torch.Tensor r, double[][] values, torch.Tensor[] xs, int which)
    {
        var result = new double[values[which].Length];
        using var noGrad = torch.no_grad();
        for (var j = 0; j < result.Length; j++)
        {
            var original = values[which][j];
            values[which][j] = original + Eps;
            var plus = Evaluate(f, r, values, xs);
            values[which][j] = original - Eps;
            var minus = Evaluate(f, r, values, xs);
            values[which][j] = original;
            result[j] = (plus - minus) / (2 * Eps);
        }
        return result;
    }

    private static double Evaluate(Func<torch.Tensor[], torch.Tensor> f, torch.Tensor r, double[][] values, torch.Tensor[] xs)
    {
        using var scope = torch.NewDisposeScope();
        var inputs = values.Select((v, i) => torch.tensor(v, xs[i].shape)).ToArray();
        return (f(inputs) * r).sum().ToDouble();
    }
}

using Pytti.Torch;

namespace Pytti.Torch.Tests;

/// <summary>
/// Compares autograd gradients with central finite differences in float64, like
/// <c>torch.autograd.gradcheck</c>: the scalar probed is sum(f(x) * r) for a fixed random r.
/// </summary>
internal static class GradCheck
{
    private const double Eps = 1e-6;

    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(f, 1e-5, 1e-4, inputs);

    public static void Check(Func<Tensor[], Tensor> f, double atol, double rtol, params Tensor[] inputs)
    {
        using var scope = LibTorch.NewDisposeScope();
        var xs = inputs.Select(i => i.To(DType.Float64).Detach().RequiresGrad_()).ToArray();
        var output = f(xs);
        using var gen = new Generator(1234);
        var r = Tensor.RandN(output.Shape, gen, DType.Float64);
        var loss = (output * r).Sum();
        var analytic = Autograd.Grad([loss], xs, allowUnused: true);
        var values = xs.Select(x => x.ToArray<double>()).ToArray();
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = Numerical(f, r, values, xs, i);
            var actual = analytic[i] is { } g ? g.ToArray<double>() : new double[expected.Length];
            TensorAssert.Close(expected, actual, atol, rtol, what: $"d/d input{i}");
        }
    }

    private static double[] Numerical(Func<Tensor[], Tensor> f, Tensor r, double[][] values, Tensor[] xs, int which)
    {
        var result = new double[values[which].Length];
        using var noGrad = LibTorch.NoGrad();
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

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor r, double[][] values, Tensor[] xs)
    {
        using var scope = LibTorch.NewDisposeScope();
        var inputs = values.Select((v, i) => Tensor.From(v, xs[i].Shape)).ToArray();
        return (f(inputs) * r).Sum().Item();
    }
}

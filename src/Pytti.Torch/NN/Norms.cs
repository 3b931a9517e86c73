namespace Pytti.Torch.NN;

/// <summary>Layer norm over the trailing <c>normalizedShape</c>. Keys: <c>weight</c>, <c>bias</c>.</summary>
public sealed class LayerNorm : Module
{
    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        NormalizedShape = normalizedShape;
        Eps = eps;
        if (elementwiseAffine)
        {
            RegisterParameter("weight", Tensor.Ones(normalizedShape));
            RegisterParameter("bias", Tensor.Zeros(normalizedShape));
        }
        else
        {
            RegisterAbsentParameter("weight");
            RegisterAbsentParameter("bias");
        }
    }

    public LayerNorm(long size, double eps = 1e-5) : this([size], eps) { }

    public long[] NormalizedShape { get; }
    public double Eps { get; }

    public Tensor? weight => OptionalParameter("weight");
    public Tensor? bias => OptionalParameter("bias");

    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, NormalizedShape, weight, bias, Eps);
}

/// <summary>
/// Batch norm over NCHW. Keys: <c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>. Evaluation mode uses the running statistics.
/// </summary>
public sealed class BatchNorm2d : Module
{
    public BatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1)
    {
        Eps = eps;
        Momentum = momentum;
        RegisterParameter("weight", Tensor.Ones([numFeatures]));
        RegisterParameter("bias", Tensor.Zeros([numFeatures]));
        RegisterBuffer("running_mean", Tensor.Zeros([numFeatures]));
        RegisterBuffer("running_var", Tensor.Ones([numFeatures]));
        RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
    }

    public double Eps { get; }
    public double Momentum { get; }

    public Tensor weight => Parameter("weight");
    public Tensor bias => Parameter("bias");
    public Tensor running_mean => Buffer("running_mean");
    public Tensor running_var => Buffer("running_var");
    public Tensor num_batches_tracked => Buffer("num_batches_tracked");

    public override Tensor Forward(Tensor input)
    {
        if (Training)
        {
            using var noGrad = LibTorch.NoGrad();
            num_batches_tracked.Add_(1L);
        }
        return Functional.BatchNorm(input, running_mean, running_var, weight, bias, Training, Momentum, Eps);
    }
}

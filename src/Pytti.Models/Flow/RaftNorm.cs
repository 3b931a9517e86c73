using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>The normalisation a RAFT encoder uses after each convolution (upstream <c>norm_fn</c>).</summary>
public enum RaftNorm
{
    /// <summary><c>nn.InstanceNorm2d</c> without affine or running statistics: no checkpoint keys (the feature encoder).</summary>
    Instance,
    /// <summary><c>nn.BatchNorm2d</c> in evaluation mode (RAFT-large's context encoder).</summary>
    Batch,
    /// <summary>An empty <c>nn.Sequential()</c>: no normalisation (RAFT-small's context encoder).</summary>
    None,
}

/// <summary>Builds the module for a <see cref="RaftNorm"/> over <c>channels</c> channels.</summary>
internal static class RaftNorms
{
    public static Module Create(RaftNorm kind, long channels) => kind switch
    {
        RaftNorm.Instance => new InstanceNorm2d(),
        RaftNorm.Batch => new BatchNorm2d(channels),
        _ => new Identity(),
    };
}

/// <summary>Per-sample, per-channel normalisation with the input's own statistics (eps 1e-5); no parameters.</summary>
internal sealed class InstanceNorm2d : Module
{
    public override Tensor Forward(Tensor input) => VisionOps.InstanceNorm(input);
}

/// <summary>Passes its input through (upstream <c>nn.Identity</c> / empty <c>nn.Sequential</c>); no parameters.</summary>
internal sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input.Share();
}

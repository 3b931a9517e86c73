using static TorchSharp.torch;

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
    public static nn.Module<Tensor, Tensor> Create(RaftNorm kind, long channels) => kind switch
    {
        RaftNorm.Instance => nn.InstanceNorm2d(channels),   // eps 1e-5, no affine, no running statistics: no keys
        RaftNorm.Batch => nn.BatchNorm2d(channels),
        _ => nn.Identity(),
    };
}

using static TorchSharp.torch;
using Sequential = TorchSharp.Modules.Sequential;

namespace Pytti.Models.Flow;

/// <summary>
/// The skip path of RAFT's encoder blocks: the input itself, or, when the block downsamples, a strided 1x1 convolution
/// and a norm (<c>downsample</c> = <c>Sequential(conv, norm)</c>, whose norm upstream also registers under its own name).
/// </summary>
internal static class Shortcut
{
    /// <summary>The projection for a block with <paramref name="stride"/> ≠ 1, and its norm; both null for stride 1.</summary>
    public static (Sequential? Downsample, nn.Module<Tensor, Tensor>? Norm) Create(long inPlanes, long planes, RaftNorm norm, long stride)
    {
        if (stride == 1) return (null, null);
        var projectionNorm = RaftNorms.Create(norm, planes);
        return (nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride), projectionNorm), projectionNorm);
    }

    /// <summary><c>relu(skip(x) + y)</c>, in the caller's dispose scope.</summary>
    public static Tensor Join(Sequential? downsample, Tensor x, Tensor y)
    {
        var skip = downsample is null ? x : downsample.call(x);
        return nn.functional.relu(skip + y);
    }
}

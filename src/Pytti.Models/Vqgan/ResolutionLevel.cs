using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// One resolution of the encoder (<c>down.{i}</c>) or decoder (<c>up.{i}</c>): resnet blocks
/// (<c>block.{j}</c>), each followed by attention (<c>attn.{j}</c>) at the configured resolutions,
/// then an optional resampler (<c>downsample</c> in the encoder, <c>upsample</c> in the decoder).
/// </summary>
public sealed class ResolutionLevel : Module
{
    private readonly Module? _resample;

    /// <param name="inChannels">Width entering the level.</param>
    /// <param name="outChannels">Width of every block's output.</param>
    /// <param name="blocks">Number of resnet blocks.</param>
    /// <param name="withAttention">Whether each block is followed by an attention block.</param>
    /// <param name="resample">The resampler and its state-dict name, or null on the last level.</param>
    public ResolutionLevel(int inChannels, int outChannels, int blocks, bool withAttention, double dropout,
        (string Name, Module Module)? resample)
    {
        var resnets = new List<ResnetBlock>();
        for (var j = 0; j < blocks; j++)
            resnets.Add(new ResnetBlock(j == 0 ? inChannels : outChannels, outChannels, dropout));
        block = RegisterModule("block", new ModuleList<ResnetBlock>(resnets));
        attn = RegisterModule("attn", new ModuleList<AttnBlock>(
            withAttention ? Enumerable.Range(0, blocks).Select(_ => new AttnBlock(outChannels)) : []));
        if (resample is { } r) _resample = RegisterModule(r.Name, r.Module);
    }

    public ModuleList<ResnetBlock> block { get; }
    public ModuleList<AttnBlock> attn { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = x;
        for (var j = 0; j < block.Count; j++)
        {
            h = block[j].Forward(h);
            if (attn.Count > 0) h = attn[j].Forward(h);
        }
        if (_resample is not null) h = _resample.Forward(h);
        return (ReferenceEquals(h, x) ? x.Share() : h).MoveToOuterScope();
    }
}

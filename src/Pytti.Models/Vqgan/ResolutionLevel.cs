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
    /// <param name="inChannels">Width entering the level.</param>
    /// <param name="outChannels">Width of every block's output.</param>
    /// <param name="blocks">Number of resnet blocks.</param>
    /// <param name="withAttention">Whether each block is followed by an attention block.</param>
    /// <param name="resample">A <see cref="Downsample"/> (encoder) or <see cref="Upsample"/> (decoder), or null on the last level.</param>
    public ResolutionLevel(int inChannels, int outChannels, int blocks, bool withAttention, double dropout, Module? resample)
    {
        var resnets = new List<ResnetBlock>();
        for (var j = 0; j < blocks; j++)
            resnets.Add(new ResnetBlock(j == 0 ? inChannels : outChannels, outChannels, dropout));
        block = RegisterModule("block", new ModuleList<ResnetBlock>(resnets));
        attn = RegisterModule("attn", new ModuleList<AttnBlock>(
            withAttention ? Enumerable.Range(0, blocks).Select(_ => new AttnBlock(outChannels)) : []));
        if (resample is Downsample down) downsample = RegisterModule("downsample", down);
        else if (resample is Upsample up) upsample = RegisterModule("upsample", up);
        else if (resample is not null) throw new ArgumentException($"{resample.GetType().Name} is not a resampler.", nameof(resample));
    }

    public ModuleList<ResnetBlock> block { get; }
    public ModuleList<AttnBlock> attn { get; }
    public Downsample? downsample { get; }
    public Upsample? upsample { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = x;
        for (var j = 0; j < block.Count; j++)
        {
            h = block[j].Forward(h);
            if (attn.Count > 0) h = attn[j].Forward(h);
        }
        if (downsample is not null) h = downsample.Forward(h);
        if (upsample is not null) h = upsample.Forward(h);
        return (ReferenceEquals(h, x) ? x.Share() : h).MoveToOuterScope();
    }
}

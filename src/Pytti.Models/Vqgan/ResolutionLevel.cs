using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// One resolution of the encoder (<c>down.{i}</c>) or decoder (<c>up.{i}</c>): resnet blocks
/// (<c>block.{j}</c>), each followed by attention (<c>attn.{j}</c>) at the configured resolutions,
/// then an optional resampler (<c>downsample</c> in the encoder, <c>upsample</c> in the decoder).
/// </summary>
public sealed class ResolutionLevel : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ResnetBlock> block;
    private readonly ModuleList<AttnBlock> attn;
    private readonly Downsample? downsample;
    private readonly Upsample? upsample;

    /// <param name="inChannels">Width entering the level.</param>
    /// <param name="outChannels">Width of every block's output.</param>
    /// <param name="blocks">Number of resnet blocks (at least one).</param>
    /// <param name="withAttention">Whether each block is followed by an attention block.</param>
    /// <param name="resample">A <see cref="Downsample"/> (encoder) or <see cref="Upsample"/> (decoder), or null on the last level.</param>
    public ResolutionLevel(long inChannels, long outChannels, int blocks, bool withAttention, double dropout, nn.Module<Tensor, Tensor>? resample)
        : base(nameof(ResolutionLevel))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        block = nn.ModuleList(Enumerable.Range(0, blocks)
            .Select(j => new ResnetBlock(j == 0 ? inChannels : outChannels, outChannels, dropout)).ToArray());
        attn = nn.ModuleList(withAttention ? Enumerable.Range(0, blocks).Select(_ => new AttnBlock(outChannels)).ToArray() : []);
        if (resample is Downsample down) downsample = down;
        else if (resample is Upsample up) upsample = up;
        else if (resample is not null) throw new ArgumentException($"{resample.GetType().Name} is not a resampler.", nameof(resample));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        for (var j = 0; j < block.Count; j++)
        {
            h = block[j].forward(h);
            if (attn.Count > 0) h = attn[j].forward(h);
        }
        if (downsample is not null) h = downsample.forward(h);
        if (upsample is not null) h = upsample.forward(h);
        return h.MoveToOuterDisposeScope();
    }
}

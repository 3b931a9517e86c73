using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// Depth Anything V2's DPT head: the four token maps are projected (1x1) and resized to 4x, 2x, 1x and
/// 1/2x of the patch grid (<c>resize_layers</c>, index 2 an identity), brought to a common width
/// (<c>scratch.layerN_rn</c>), fused coarse to fine (<c>scratch.refinenetN</c>), and turned into one
/// channel at 14x the patch grid by <c>scratch.output_conv1</c>, a bilinear resize and <c>scratch.output_conv2</c>.
/// </summary>
internal sealed class DptHead : nn.Module
{
    private readonly ModuleList<Conv2d> projects;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> resize_layers;
    private readonly ModuleList<Sequential>? readout_projects;
    private readonly DptScratch scratch;

    public DptHead(DepthConfig config) : base(nameof(DptHead))
    {
        var (dim, outs) = (config.EmbedDim, config.OutChannels);
        projects = nn.ModuleList(outs.Select(o => nn.Conv2d(dim, o, 1)).ToArray());
        resize_layers = nn.ModuleList<nn.Module<Tensor, Tensor>>(
            nn.ConvTranspose2d(outs[0], outs[0], 4, stride: 4),
            nn.ConvTranspose2d(outs[1], outs[1], 2, stride: 2),
            nn.Identity(),
            nn.Conv2d(outs[3], outs[3], 3, stride: 2, padding: 1));
        if (config.UseClassToken)
            readout_projects = nn.ModuleList(outs.Select(_ => nn.Sequential(nn.Linear(2 * dim, dim), nn.GELU())).ToArray());
        scratch = new DptScratch(config);
        RegisterComponents();
    }

    /// <summary>The backbone's four (patches, class token) outputs → depth before the final ReLU, [N, 1, 14·gh, 14·gw].</summary>
    public Tensor Forward(IReadOnlyList<(Tensor Patches, Tensor Class)> features, long gridH, long gridW)
    {
        using var scope = NewDisposeScope();
        var levels = new Tensor[4];
        for (var i = 0; i < 4; i++)
        {
            var x = features[i].Patches;                                              // [N, gh·gw, D]
            if (readout_projects is not null)
            {
                var readout = features[i].Class.unsqueeze(1).expand_as(x);            // [N, gh·gw, D]
                x = readout_projects[i].forward(cat([x, readout], -1));
            }
            x = x.permute(0, 2, 1).reshape(x.shape[0], x.shape[^1], gridH, gridW);    // [N, gh·gw, D] -> [N, D, gh, gw]
            levels[i] = resize_layers[i].forward(projects[i].forward(x));
        }
        return scratch.Forward(levels, 14 * gridH, 14 * gridW).MoveToOuterDisposeScope();
    }
}

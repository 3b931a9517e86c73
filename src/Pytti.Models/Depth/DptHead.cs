using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Depth;

/// <summary>
/// Depth Anything V2's DPT head: the four token maps are projected (1x1) and resized to 4x, 2x, 1x and
/// 1/2x of the patch grid (<c>resize_layers</c>, index 2 an identity), brought to a common width
/// (<c>scratch.layerN_rn</c>), fused coarse to fine (<c>scratch.refinenetN</c>), and turned into one
/// channel at 14x the patch grid by <c>scratch.output_conv1</c>, a bilinear resize and <c>scratch.output_conv2</c>.
/// </summary>
internal sealed class DptHead : Module
{
    public DptHead(DepthConfig config)
    {
        var (dim, outs) = (config.EmbedDim, config.OutChannels);
        projects = RegisterModule("projects", new ModuleList<Conv2d>(outs.Select(o => new Conv2d(dim, o, 1))));
        resize_layers = RegisterModule("resize_layers", new ModuleList<Module>([
            new ConvTranspose2d(outs[0], outs[0], 4, stride: 4),
            new ConvTranspose2d(outs[1], outs[1], 2, stride: 2),
            new Lambda(x => x.Share()),
            new Conv2d(outs[3], outs[3], 3, stride: 2, padding: 1),
        ]));
        if (config.UseClassToken)
            readout_projects = RegisterModule("readout_projects", new ModuleList<Sequential>(
                outs.Select(_ => new Sequential(new Linear(2 * dim, dim), new Lambda(x => Functional.Gelu(x))))));
        scratch = RegisterModule("scratch", new DptScratch(config));
    }

    public ModuleList<Conv2d> projects { get; }
    public ModuleList<Module> resize_layers { get; }
    public ModuleList<Sequential>? readout_projects { get; }
    public DptScratch scratch { get; }

    /// <summary>The backbone's four (patches, class token) outputs → depth before the final ReLU, [N, 1, 14·gh, 14·gw].</summary>
    public Tensor Forward(IReadOnlyList<(Tensor Patches, Tensor Class)> features, long gridH, long gridW)
    {
        using var scope = LibTorch.NewDisposeScope();
        var levels = new Tensor[4];
        for (var i = 0; i < 4; i++)
        {
            var x = features[i].Patches;                                              // [N, gh·gw, D]
            if (readout_projects is not null)
            {
                var readout = features[i].Class.Unsqueeze(1).ExpandAs(x);             // [N, gh·gw, D]
                x = readout_projects[i].Forward(Tensor.Cat([x, readout], -1));
            }
            x = x.Permute(0, 2, 1).Reshape(x.Size(0), x.Size(-1), gridH, gridW);     // [N, D, gh, gw]
            levels[i] = resize_layers[i].Forward(projects[i].Forward(x));
        }
        return scratch.Forward(levels, 14 * gridH, 14 * gridW).MoveToOuterScope();
    }
}

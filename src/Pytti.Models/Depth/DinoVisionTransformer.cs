using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// DINOv2's ViT as Depth Anything V2 uses it: 14-pixel patches, a class token, position embeddings
/// for a 37x37 grid interpolated to the input's grid, pre-norm blocks, and the final LayerNorm applied
/// to the outputs of the blocks that feed the depth head. Keys as upstream (<c>mask_token</c> is kept
/// for the state dict but unused at inference).
/// </summary>
internal sealed class DinoVisionTransformer : nn.Module
{
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly Parameter mask_token;
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly LayerNorm norm;

    public DinoVisionTransformer(DepthConfig config, long positions) : base(nameof(DinoVisionTransformer))
    {
        Config = config;
        var dim = config.EmbedDim;
        cls_token = nn.Parameter(zeros(1, 1, dim));
        pos_embed = nn.Parameter(zeros(1, positions, dim));
        mask_token = nn.Parameter(zeros(1, dim));
        patch_embed = new PatchEmbed(config.PatchSize, dim);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Depth).Select(_ => new VitBlock(config)).ToArray());
        norm = nn.LayerNorm(dim, 1e-6);
        RegisterComponents();
    }

    public DepthConfig Config { get; }

    /// <summary>
    /// Upstream <c>get_intermediate_layers(x, layers, return_class_token=True)</c>: for each chosen block,
    /// the normalised patch tokens [N, gh·gw, D] (row-major over the grid) and class token [N, D]. The caller disposes them.
    /// </summary>
    public IReadOnlyList<(Tensor Patches, Tensor Class)> IntermediateLayers(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = Tokens(image);                                          // [N, 1 + gh·gw, D]
        var outputs = new List<(Tensor, Tensor)>();
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].forward(x);
            if (!Config.LayerIndices.Contains(i)) continue;
            var normed = norm.forward(x);
            var patches = normed.slice(1, 1, normed.shape[1], 1);      // [N, 1 + gh·gw, D] -> [N, gh·gw, D]
            outputs.Add((patches.MoveToOuterDisposeScope(), normed.select(1, 0).MoveToOuterDisposeScope()));
        }
        return outputs;
    }

    /// <summary>Class token and patch embeddings with their position embeddings added.</summary>
    private Tensor Tokens(Tensor image)
    {
        var patches = patch_embed.forward(image);                                  // [N, gh·gw, D]
        var cls = cls_token.expand(patches.shape[0], -1, -1);                       // [N, 1, D]
        var x = cat([cls, patches], 1);                                             // [N, 1 + gh·gw, D]
        return x + PositionEmbedding.ForGrid(pos_embed, image.shape[2], image.shape[3], Config.PatchSize);
    }
}

/// <summary>The patch projection: a stride-14 14x14 convolution, flattened to tokens. Keys: <c>proj.weight</c>, <c>proj.bias</c>.</summary>
internal sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public PatchEmbed(int patchSize, long dim) : base(nameof(PatchEmbed))
    {
        proj = nn.Conv2d(3, dim, patchSize, stride: patchSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image)
    {
        using var grid = proj.forward(image);                          // [N, D, gh, gw]
        using var flat = grid.flatten(2);                              // [N, D, gh·gw]
        return flat.transpose(1, 2);                                   // [N, gh·gw, D]
    }
}

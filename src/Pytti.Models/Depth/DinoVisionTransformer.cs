using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Depth;

/// <summary>
/// DINOv2's ViT as Depth Anything V2 uses it: 14-pixel patches, a class token, position embeddings
/// for a 37x37 grid interpolated to the input's grid, pre-norm blocks, and the final LayerNorm applied
/// to the outputs of the blocks that feed the depth head. Keys as upstream (<c>mask_token</c> is kept
/// for the state dict but unused at inference).
/// </summary>
internal sealed class DinoVisionTransformer : Module
{
    public DinoVisionTransformer(DepthConfig config, long positions)
    {
        Config = config;
        var dim = config.EmbedDim;
        cls_token = RegisterParameter("cls_token", Tensor.Zeros([1, 1, dim]));
        pos_embed = RegisterParameter("pos_embed", Tensor.Zeros([1, positions, dim]));
        mask_token = RegisterParameter("mask_token", Tensor.Zeros([1, dim]));
        patch_embed = RegisterModule("patch_embed", new PatchEmbed(config.PatchSize, dim));
        blocks = RegisterModule("blocks", new ModuleList<VitBlock>(Enumerable.Range(0, config.Depth).Select(_ => new VitBlock(config))));
        norm = RegisterModule("norm", new LayerNorm([dim], 1e-6));
    }

    public DepthConfig Config { get; }
    public Tensor cls_token { get; }
    public Tensor pos_embed { get; }
    public Tensor mask_token { get; }
    public PatchEmbed patch_embed { get; }
    public ModuleList<VitBlock> blocks { get; }
    public LayerNorm norm { get; }

    /// <summary>
    /// Upstream <c>get_intermediate_layers(x, layers, return_class_token=True)</c>: for each chosen block,
    /// the normalised patch tokens [N, gh·gw, D] (row-major over the grid) and class token [N, D].
    /// </summary>
    public IReadOnlyList<(Tensor Patches, Tensor Class)> IntermediateLayers(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = Tokens(image);                                          // [N, 1 + gh·gw, D]
        var outputs = new List<(Tensor, Tensor)>();
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].Forward(x);
            if (!Config.LayerIndices.Contains(i)) continue;
            var normed = norm.Forward(x);
            outputs.Add((normed.Slice(1, 1, null).MoveToOuterScope(), normed.Select(1, 0).MoveToOuterScope()));
        }
        return outputs;
    }

    /// <summary>Class token and patch embeddings with their position embeddings added.</summary>
    private Tensor Tokens(Tensor image)
    {
        var patches = patch_embed.Forward(image);                                  // [N, gh·gw, D]
        var cls = cls_token.Expand(patches.Size(0), -1, -1);                        // [N, 1, D]
        var x = Tensor.Cat([cls, patches], 1);                                      // [N, 1 + gh·gw, D]
        return x + PositionEmbedding.ForGrid(pos_embed, image.Size(2), image.Size(3), Config.PatchSize);
    }
}

/// <summary>The patch projection: a stride-14 14x14 convolution, flattened to tokens. Keys: <c>proj.weight</c>, <c>proj.bias</c>.</summary>
internal sealed class PatchEmbed : Module
{
    public PatchEmbed(int patchSize, long dim)
    {
        PatchSize = patchSize;
        proj = RegisterModule("proj", new Conv2d(3, dim, patchSize, stride: patchSize));
    }

    public int PatchSize { get; }
    public Conv2d proj { get; }

    public override Tensor Forward(Tensor image)
    {
        using var grid = proj.Forward(image);                          // [N, D, gh, gw]
        using var flat = grid.Flatten(2);                              // [N, D, gh·gw]
        return flat.Transpose(1, 2);                                   // [N, gh·gw, D]
    }
}

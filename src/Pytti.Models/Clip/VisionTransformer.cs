using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Clip;

/// <summary>CLIP's image tower for ViT models: patches → class token + positions → transformer → ln_post(token 0) @ proj.</summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Parameter class_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_pre;
    private readonly ClipTransformer transformer;
    private readonly LayerNorm ln_post;
    private readonly Parameter proj;

    public VisionTransformer(int resolution, int patchSize, int width, int layers, int heads, int outputDim, ClipActivation activation)
        : base(nameof(VisionTransformer))
    {
        InputResolution = resolution;
        var grid = resolution / patchSize;
        conv1 = nn.Conv2d(3, width, patchSize, stride: patchSize, bias: false);
        class_embedding = new Parameter(zeros(width));
        positional_embedding = new Parameter(zeros(grid * grid + 1, width));
        ln_pre = nn.LayerNorm(width);
        transformer = new ClipTransformer(width, layers, heads, activation);
        ln_post = nn.LayerNorm(width);
        proj = new Parameter(zeros(width, outputDim));
        register_module(nameof(conv1), conv1);
        register_parameter(nameof(class_embedding), class_embedding);
        register_parameter(nameof(positional_embedding), positional_embedding);
        register_module(nameof(ln_pre), ln_pre);
        register_module(nameof(transformer), transformer);
        register_module(nameof(ln_post), ln_post);
        register_parameter(nameof(proj), proj);
    }

    public int InputResolution { get; }

    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = PatchEmbedding(image);                                               // [N, g*g, W]
        var cls = class_embedding + zeros([x.size(0), 1, x.size(2)], x.dtype, x.device);   // [N, 1, W]
        x = cat([cls, x], 1) + positional_embedding;                                 // [N, g*g+1, W]
        x = ln_pre.call(x).permute(1, 0, 2);                                         // NLD -> LND
        x = transformer.Forward(x, firstTokenOnly: true).select(0, 0);                // only the class token is read: [N, W]
        x = ln_post.call(x);                                                         // [N, W]
        return matmul(x, proj).MoveToOuterDisposeScope();                            // [N, embed]
    }

    /// <summary>
    /// <c>conv1</c> (kernel = stride = patch, no padding, no bias) computed as what it is, one matrix product of the
    /// flattened patches with the flattened kernel: the same sums, but through <c>linear</c>'s GEMM, and straight into
    /// the token layout [N, g·g, W] without the convolution output's transpose.
    /// </summary>
    private Tensor PatchEmbedding(Tensor image)
    {
        using var scope = NewDisposeScope();
        var weight = conv1.weight!;                                                   // [W, 3, p, p]
        long n = image.size(0), c = image.size(1), p = weight.size(2);
        long gh = image.size(2) / p, gw = image.size(3) / p;
        var cropped = gh * p == image.size(2) && gw * p == image.size(3) ? image : image.narrow(2, 0, gh * p).narrow(3, 0, gw * p);   // as the convolution drops the remainder
        var patches = cropped.reshape(n, c, gh, p, gw, p).permute(0, 2, 4, 1, 3, 5).reshape(n * gh * gw, c * p * p);   // [N·g², 3·p²], (c, row, col) as the kernel
        return nn.functional.linear(patches, weight.reshape(weight.size(0), -1)).reshape(n, gh * gw, -1).MoveToOuterDisposeScope();
    }
}

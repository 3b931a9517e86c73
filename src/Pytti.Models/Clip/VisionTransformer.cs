using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Clip;

/// <summary>CLIP's image tower for ViT models: patches → class token + positions → transformer → ln_post(token 0) @ proj.</summary>
public sealed class VisionTransformer : Module
{
    public VisionTransformer(int resolution, int patchSize, int width, int layers, int heads, int outputDim, ClipActivation activation)
    {
        InputResolution = resolution;
        var grid = resolution / patchSize;
        conv1 = RegisterModule("conv1", new Conv2d(3, width, patchSize, stride: patchSize, hasBias: false));
        class_embedding = RegisterParameter("class_embedding", Tensor.Zeros([width]));
        positional_embedding = RegisterParameter("positional_embedding", Tensor.Zeros([grid * grid + 1, width]));
        ln_pre = RegisterModule("ln_pre", new LayerNorm(width));
        transformer = RegisterModule("transformer", new ClipTransformer(width, layers, heads, activation));
        ln_post = RegisterModule("ln_post", new LayerNorm(width));
        proj = RegisterParameter("proj", Tensor.Zeros([width, outputDim]));
    }

    public int InputResolution { get; }
    public Conv2d conv1 { get; }
    public Tensor class_embedding { get; }
    public Tensor positional_embedding { get; }
    public LayerNorm ln_pre { get; }
    public ClipTransformer transformer { get; }
    public LayerNorm ln_post { get; }
    public Tensor proj { get; }

    public override Tensor Forward(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = PatchEmbedding(image);                                  // [N, g*g, W]
        var cls = class_embedding + Tensor.Zeros([x.Size(0), 1, x.Size(-1)], x.DType, x.Device); // [N, 1, W]
        x = Tensor.Cat([cls, x], 1) + positional_embedding;             // [N, g*g+1, W]
        x = ln_pre.Forward(x).Permute(1, 0, 2);                          // NLD -> LND
        x = transformer.Forward(x, firstTokenOnly: true).Select(0, 0);   // only the class token is read: [N, W]
        x = ln_post.Forward(x);                                          // [N, W]
        return Functional.MatMul(x, proj).MoveToOuterScope();            // [N, embed]
    }

    /// <summary>
    /// <c>conv1</c> (kernel = stride = patch, no padding, no bias) computed as what it is, one matrix product of the
    /// flattened patches with the flattened kernel: the same sums, but through <see cref="Functional.Linear"/>'s
    /// GEMM, and straight into the token layout [N, g·g, W] without the convolution output's transpose.
    /// </summary>
    private Tensor PatchEmbedding(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var weight = conv1.weight;                                       // [W, 3, p, p]
        long n = image.Size(0), c = image.Size(1), p = weight.Size(2);
        long gh = image.Size(2) / p, gw = image.Size(3) / p;
        var cropped = gh * p == image.Size(2) && gw * p == image.Size(3) ? image : image.Narrow(2, 0, gh * p).Narrow(3, 0, gw * p);   // as the convolution drops the remainder
        var patches = cropped.Reshape(n, c, gh, p, gw, p).Permute(0, 2, 4, 1, 3, 5).Reshape(n * gh * gw, c * p * p);   // [N·g², 3·p²], (c, row, col) as the kernel
        return Functional.Linear(patches, weight.Reshape(weight.Size(0), -1)).Reshape(n, gh * gw, -1).MoveToOuterScope();
    }
}

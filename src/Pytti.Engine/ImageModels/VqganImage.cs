using Pytti.Models.Vqgan;
using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's <c>VQGANImage</c> (reference 5.3): a continuous latent, one <c>e_dim</c> vector per token,
/// snapped to its nearest codebook vector (straight-through) and decoded by the VQGAN. The optimiser
/// moves the raw latent; what is saved is the decode of its exponential moving average (decay 0.99).
/// Latent grid <see cref="ImageModel.Width"/>×<see cref="ImageModel.Height"/> tokens; the output is
/// tokens·f pixels, which may be smaller than <c>width·pixel_size</c> asked for. Owns the VQGAN.
/// </summary>
public sealed class VqganImage : ImageModel
{
    public const double EmaDecay = 0.99;
    private readonly VqganModel _vqgan;
    private readonly VqganEma _ema;

    /// <param name="width">Requested width (PyTTI's <c>width</c>); the output is <c>(width·pixelSize) // f · f</c> pixels wide.</param>
    public VqganImage(VqganModel vqgan, int width, int height, int pixelSize = 1)
        : base(Tokens(width, pixelSize, vqgan, "width"), Tokens(height, pixelSize, vqgan, "height"), pixelSize)
    {
        _vqgan = vqgan;
        var device = vqgan.Codebook.Device;
        long[] shape = [1, Height, Width, vqgan.EmbeddingDim];                 // [1,ty,tx,e]: channels last, as PyTTI
        tensor = RegisterTrainable("tensor", TorchSharp.torch.zeros(shape, device: vqgan.Codebook.Torch.device));
        biased = RegisterBuffer("biased", Tensor.Zeros(shape, device: device));
        average = RegisterBuffer("average", Tensor.Zeros(shape, device: device));
        accum = RegisterBuffer("accum", Tensor.Ones([], device: device));
        _ema = new VqganEma(biased, average, accum, EmaDecay);
        _ema.Update(tensor);                                                    // PyTTI's EMAImage updates once when built
    }

    /// <summary>The optimised latent [1, ty, tx, e_dim].</summary>
    public Tensor tensor { get; }

    /// <summary>EMA state: biased sum, bias-corrected average [1, ty, tx, e_dim], and accumulated decay [].</summary>
    public Tensor biased { get; }
    public Tensor average { get; }
    public Tensor accum { get; }

    /// <summary>The VQGAN this image decodes with.</summary>
    public VqganModel Vqgan => _vqgan;

    public override int OutputWidth => Width * _vqgan.DownsampleFactor;
    public override int OutputHeight => Height * _vqgan.DownsampleFactor;
    public override double DefaultLearningRate => _vqgan.DefaultLearningRate;
    public override double LatentStrength => 1;

    public override Tensor DecodeTraining() => Decode(tensor);

    /// <summary>The decode of the moving average, which is what PyTTI saves and shows.</summary>
    public override Tensor DecodeForOutput()
    {
        using var noGrad = LibTorch.NoGrad();
        return Decode(average);
    }

    /// <summary>Every token a codebook vector drawn uniformly from <paramref name="generator"/>; resets the average.</summary>
    public override void EncodeRandom(Generator generator)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var indices = Tensor.RandInt(0, _vqgan.CodebookSize, [Height * (long)Width], generator).To(tensor.Device); // [ty·tx]
        var codes = Functional.Embedding(_vqgan.Codebook, indices).View(tensor.Shape); // [ty·tx,e] -> [1,ty,tx,e]
        tensor.CopyFrom_(codes);
        _ema.Reset(tensor);
    }

    /// <summary>
    /// Resize to the output size, map to [-1, 1], encode with the VQGAN's own quantizer (taming's <c>encode</c>)
    /// and keep the quantised latent; resets the average. A Gumbel VQGAN samples here, from libtorch's
    /// default generator (which the renderer seeds with <c>seed</c>).
    /// </summary>
    public override void EncodeImage(Tensor image)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var quantized = EncodeWithQuantizer(image);                             // [1,e,ty,tx]
        tensor.CopyFrom_(quantized.Permute(0, 2, 3, 1));                        // [1,e,ty,tx] -> [1,ty,tx,e]
        _ema.Reset(tensor);
    }

    public override void Update() => _ema.Update(tensor);

    /// <summary>The quantised latent [1, e_dim, ty, tx]; its gradient goes straight through to <see cref="tensor"/>.</summary>
    public override Tensor? LatentTensor() => Quantize(tensor);

    /// <summary>
    /// PyTTI's <c>make_latent</c>: <paramref name="image"/> [1,3,h,w] in [0,1] encoded as <see cref="EncodeImage"/>
    /// does, then quantised again → [1, e_dim, ty, tx], no gradient. The latent loss's target.
    /// </summary>
    public Tensor MakeLatent(Tensor image)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var quantized = EncodeWithQuantizer(image);                             // [1,e,ty,tx]
        return _vqgan.Quantize(quantized).Quantized.MoveToOuterScope();
    }

    /// <summary>Latent [1,ty,tx,e] → image [1,3,H,W] in [0,1]: nearest codes, VQGAN decoder, (x+1)/2 clamped with gradient.</summary>
    private Tensor Decode(Tensor latent)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = _vqgan.Decode(Quantize(latent));                                // [1,e,ty,tx] -> [1,3,ty·f,tx·f]
        return GradientOps.ClampWithGrad((x + 1.0) / 2.0, 0, 1).MoveToOuterScope();
    }

    /// <summary>PyTTI's <c>vector_quantize</c>: latent [1,ty,tx,e] → exactly the nearest codes [1,e,ty,tx], identity gradient.</summary>
    private Tensor Quantize(Tensor latent)
    {
        using var scope = LibTorch.NewDisposeScope();
        var channelsFirst = latent.Permute(0, 3, 1, 2);                         // [1,ty,tx,e] -> [1,e,ty,tx]
        return _vqgan.Quantize(channelsFirst).Quantized.MoveToOuterScope();     // indices and loss stay in the scope
    }

    /// <summary>taming's <c>VQModel.encode</c> of an image [1,3,h,w] in [0,1] resized to the output: [1,e,ty,tx].</summary>
    private Tensor EncodeWithQuantizer(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var resized = ResizeTo(image.To(tensor.Device), OutputHeight, OutputWidth);
        return _vqgan.EncodeQuantized(resized * 2.0 - 1.0).Quantized.MoveToOuterScope();
    }

    private static int Tokens(int size, int pixelSize, VqganModel vqgan, string name)
    {
        var tokens = size * pixelSize / vqgan.DownsampleFactor;
        if (tokens < 1)
            throw new ArgumentOutOfRangeException(name, $"VQGAN image {name} {size}·pixel_size {pixelSize} is smaller than the model's downsampling factor {vqgan.DownsampleFactor}");
        return tokens;
    }

    public override void Dispose()
    {
        base.Dispose();
        _vqgan.Dispose();
    }
}

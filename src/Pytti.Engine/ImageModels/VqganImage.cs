using Pytti.Models.Vqgan;
using Pytti.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;

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
        var device = vqgan.Quantizer.Codebook.device;
        long[] shape = [1, Height, Width, vqgan.EmbeddingDim];                 // [1,ty,tx,e]: channels last, as PyTTI
        tensor = RegisterTrainable("tensor", torch.zeros(shape, device: device));
        biased = RegisterState("biased", torch.zeros(shape, device: device));
        average = RegisterState("average", torch.zeros(shape, device: device));
        accum = RegisterState("accum", torch.ones([], device: device));
        _ema = new VqganEma(biased, average, accum, EmaDecay);
        _ema.Update(tensor);                                                    // PyTTI's EMAImage updates once when built
    }

    /// <summary>The optimised latent [1, ty, tx, e_dim].</summary>
    public Parameter tensor { get; }

    /// <summary>EMA state: biased sum, bias-corrected average [1, ty, tx, e_dim], and accumulated decay [].</summary>
    public torch.Tensor biased { get; }
    public torch.Tensor average { get; }
    public torch.Tensor accum { get; }

    /// <summary>The VQGAN this image decodes with.</summary>
    public VqganModel Vqgan => _vqgan;

    public override int OutputWidth => Width * _vqgan.DownsampleFactor;
    public override int OutputHeight => Height * _vqgan.DownsampleFactor;
    public override double DefaultLearningRate => _vqgan.DefaultLearningRate;
    public override double LatentStrength => 1;

    public override torch.Tensor DecodeTraining() => Decode(tensor);

    /// <summary>The decode of the moving average, which is what PyTTI saves and shows.</summary>
    public override torch.Tensor DecodeForOutput()
    {
        using var noGrad = torch.no_grad();
        return Decode(average);
    }

    /// <summary>Every token a codebook vector drawn uniformly from <paramref name="generator"/>; resets the average.</summary>
    public override void EncodeRandom(torch.Generator generator)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var indices = torch.randint(0, _vqgan.CodebookSize, [Height * (long)Width], torch.int64, torch.CPU, generator: generator)
            .to(tensor.device);                                                 // [ty·tx]
        var codes = _vqgan.Quantizer.Codebook.index_select(0, indices).view(tensor.shape); // [ty·tx,e] -> [1,ty,tx,e]
        tensor.copy_(codes);
        _ema.Reset(tensor);
    }

    /// <summary>
    /// Resize to the output size, map to [-1, 1], encode with the VQGAN's own quantizer (taming's <c>encode</c>)
    /// and keep the quantised latent; resets the average. A Gumbel VQGAN samples here, from libtorch's
    /// default generator (which the renderer seeds with <c>seed</c>).
    /// </summary>
    public override void EncodeImage(torch.Tensor image)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var quantized = EncodeWithQuantizer(image);                             // [1,e,ty,tx]
        tensor.copy_(quantized.permute(0, 2, 3, 1));                            // [1,e,ty,tx] -> [1,ty,tx,e]
        _ema.Reset(tensor);
    }

    public override void Update() => _ema.Update(tensor);

    /// <summary>The quantised latent [1, e_dim, ty, tx]; its gradient goes straight through to <see cref="tensor"/>.</summary>
    public override torch.Tensor? LatentTensor() => Quantize(tensor);

    /// <summary>
    /// PyTTI's <c>make_latent</c>: <paramref name="image"/> [1,3,h,w] in [0,1] encoded as <see cref="EncodeImage"/>
    /// does, then quantised again → [1, e_dim, ty, tx], no gradient. The latent loss's target.
    /// </summary>
    public torch.Tensor MakeLatent(torch.Tensor image)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var quantized = EncodeWithQuantizer(image);                             // [1,e,ty,tx]
        return _vqgan.Quantize(quantized).Quantized.MoveToOuterDisposeScope();
    }

    /// <summary>Latent [1,ty,tx,e] → image [1,3,H,W] in [0,1]: nearest codes, VQGAN decoder, (x+1)/2 clamped with gradient.</summary>
    private torch.Tensor Decode(torch.Tensor latent)
    {
        using var scope = torch.NewDisposeScope();
        var x = _vqgan.Decode(Quantize(latent));                                // [1,e,ty,tx] -> [1,3,ty·f,tx·f]
        return ((x + 1.0) / 2.0).ClampWithGrad(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>PyTTI's <c>vector_quantize</c>: latent [1,ty,tx,e] → exactly the nearest codes [1,e,ty,tx], identity gradient.</summary>
    private torch.Tensor Quantize(torch.Tensor latent)
    {
        using var scope = torch.NewDisposeScope();
        var channelsFirst = latent.permute(0, 3, 1, 2);                         // [1,ty,tx,e] -> [1,e,ty,tx]
        return _vqgan.Quantize(channelsFirst).Quantized.MoveToOuterDisposeScope(); // indices and loss stay in the scope
    }

    /// <summary>taming's <c>VQModel.encode</c> of an image [1,3,h,w] in [0,1] resized to the output: [1,e,ty,tx].</summary>
    private torch.Tensor EncodeWithQuantizer(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var resized = ResizeTo(image.to(tensor.device), OutputHeight, OutputWidth);
        return _vqgan.EncodeQuantized(resized * 2.0 - 1.0).Quantized.MoveToOuterDisposeScope();
    }

    private static int Tokens(int size, int pixelSize, VqganModel vqgan, string name)
    {
        var tokens = size * pixelSize / vqgan.DownsampleFactor;
        if (tokens < 1)
            throw new ArgumentOutOfRangeException(name, $"VQGAN image {name} {size}·pixel_size {pixelSize} is smaller than the model's downsampling factor {vqgan.DownsampleFactor}");
        return tokens;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _vqgan.Dispose();
    }
}

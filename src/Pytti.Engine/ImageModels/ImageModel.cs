using Pytti.Torch.NN;
using TorchSharp;
using TorchSharp.Modules;

namespace Pytti.Engine.ImageModels;

/// <summary>A loss an image model adds to every step (Limited Palette's HDR and normalisation terms).</summary>
public sealed record ModelLoss(string Name, torch.Tensor Value, torch.Tensor Raw);

/// <summary>
/// What the optimiser changes: a TorchSharp module whose parameters (the trainable tensors) and buffers carry
/// PyTTI's state-dict names. Latent grid <see cref="Width"/>×<see cref="Height"/>; decoded images are
/// [1, 3, <see cref="OutputHeight"/>, <see cref="OutputWidth"/>] with values in [0, 1].
/// </summary>
public abstract class ImageModel : torch.nn.Module
{
    protected ImageModel(int width, int height, int pixelSize) : base(nameof(ImageModel))
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        Width = width;
        Height = height;
        PixelSize = pixelSize;
    }

    public int Width { get; }
    public int Height { get; }
    public int PixelSize { get; }
    public virtual int OutputWidth => Width * PixelSize;
    public virtual int OutputHeight => Height * PixelSize;

    /// <summary>PyTTI's default Adam learning rate for this model (used when <c>learning_rate</c> is null).</summary>
    public abstract double DefaultLearningRate { get; }

    /// <summary>How strongly latent-space direct losses count (Unlimited 0, Limited 0.1, VQGAN 1).</summary>
    public abstract double LatentStrength { get; }

    /// <summary>The image the losses see, differentiable w.r.t. the parameters.</summary>
    public abstract torch.Tensor DecodeTraining();

    /// <summary>The image to save or show (VQGAN: its moving average); no gradient.</summary>
    public virtual torch.Tensor DecodeForOutput()
    {
        using var noGrad = torch.no_grad();
        return DecodeTraining();
    }

    /// <summary>Random initial state drawn from <paramref name="generator"/>.</summary>
    public abstract void EncodeRandom(torch.Generator generator);

    /// <summary>Sets the state to represent <paramref name="image"/> ([1, 3, h, w] in [0, 1], any size).</summary>
    public abstract void EncodeImage(torch.Tensor image);

    /// <summary>Called after every optimiser step (clamps, moving averages).</summary>
    public virtual void Update() { }

    /// <summary>The model's own loss terms for this step.</summary>
    public virtual IReadOnlyList<ModelLoss> ImageLosses() => [];

    /// <summary>The latent the latent-space direct losses compare, or null when the model has none.</summary>
    public virtual torch.Tensor? LatentTensor() => null;

    /// <summary>
    /// A copy of the latent image grid the animation transforms warp, [1, C, h, w] without gradient
    /// (PyTTI's <c>get_image_tensor</c>), or null when the model has none: then the decoded image is
    /// warped and encoded again (VQGAN).
    /// </summary>
    public virtual torch.Tensor? GetImageTensor() => null;

    /// <summary>Replaces the latent image grid with <paramref name="grid"/>, shaped as <see cref="GetImageTensor"/> returns it.</summary>
    public virtual void SetImageTensor(torch.Tensor grid) =>
        throw new NotSupportedException($"{GetType().Name} has no latent image grid; warp the decoded image and encode it instead");

    /// <summary>The trainable tensors as the optimiser takes them, in registration order.</summary>
    public IEnumerable<Parameter> TrainableParameters() => parameters();

    /// <summary>
    /// Copies <paramref name="source"/> (keys as <c>state_dict()</c> names them) into the model's own tensors.
    /// Every key and shape is checked first; on any mismatch nothing is copied and the error names each offending key.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, torch.Tensor> source) => this.LoadWeights(source);

    /// <summary>Registers a trainable tensor under its state-dict name; takes ownership of <paramref name="initial"/>.</summary>
    protected Parameter RegisterTrainable(string name, torch.Tensor initial)
    {
        var parameter = new Parameter(initial);
        parameter.DetachFromDisposeScope();
        register_parameter(name, parameter);
        return parameter;
    }

    /// <summary>Registers a persistent, untrained tensor under its state-dict name; takes ownership of <paramref name="tensor"/>.</summary>
    protected torch.Tensor RegisterState(string name, torch.Tensor tensor)
    {
        tensor.DetachFromDisposeScope();
        register_buffer(name, tensor);
        return tensor;
    }

    /// <summary>Resizes an image to the output size the way init images are resized (bicubic, antialiased when shrinking).</summary>
    protected static torch.Tensor ResizeTo(torch.Tensor image, long height, long width)
    {
        if (image.size(2) == height && image.size(3) == width) return image.alias();
        return Imaging.Lanczos.Resize(image, height, width);   // PIL's LANCZOS, as PyTTI resizes init images
    }
}

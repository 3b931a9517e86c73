using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Models.Clip;

/// <summary>
/// One CLIP model as PyTTI uses it: images in [0, 1] → normalised → embedded (differentiably);
/// text prompts embedded once and cached by their exact text.
/// </summary>
public sealed class Perceptor : IDisposable
{
    private static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    private readonly ClipTokenizer _tokenizer;
    private readonly Dictionary<string, torch.Tensor> _textCache = new(StringComparer.Ordinal);
    private readonly torch.Tensor _mean, _std;

    public Perceptor(string name, ClipModel model, ClipTokenizer tokenizer)
    {
        Name = name;
        Model = model;
        _tokenizer = tokenizer;
        _mean = torch.tensor(Mean, [1, 3, 1, 1], device: model.Device).DetachFromDisposeScope();
        _std = torch.tensor(Std, [1, 3, 1, 1], device: model.Device).DetachFromDisposeScope();
    }

    public string Name { get; }
    public ClipModel Model { get; }

    /// <summary>Side of the square images the model takes (PyTTI's <c>cut_size</c>).</summary>
    public int InputResolution => Model.InputResolution;

    public int EmbedDim => Model.Config.EmbedDim;

    /// <summary>CLIP's mean/std normalisation of [N, 3, R, R] images in [0, 1].</summary>
    public torch.Tensor Normalize(torch.Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        return ((images - _mean) / _std).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// OpenAI's preprocessing for a whole picture [1, 3, H, W] in [0, 1]: shorter side resized to the
    /// input resolution (bicubic, antialiased when shrinking), centre crop, normalisation.
    /// </summary>
    public torch.Tensor Preprocess(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var (h, w) = (image.size(2), image.size(3));
        long r = InputResolution;
        var (nh, nw) = h <= w ? (r, (long)(r * (double)w / h)) : ((long)(r * (double)h / w), r);
        var resized = F.interpolate(image, [nh, nw], null, torch.InterpolationMode.Bicubic, align_corners: false,
            recompute_scale_factor: false, antialias: nh < h || nw < w);
        var top = (long)Math.Round((nh - r) / 2.0, MidpointRounding.ToEven);
        var left = (long)Math.Round((nw - r) / 2.0, MidpointRounding.ToEven);
        var cropped = resized.narrow(2, top, r).narrow(3, left, r).clamp(0.0, 1.0);
        return Normalize(cropped).MoveToOuterDisposeScope();
    }

    /// <summary>Normalised images [N, 3, R, R] → [N, D]; differentiable w.r.t. the images.</summary>
    public torch.Tensor EncodeImage(torch.Tensor normalizedImages) => Model.EncodeImage(normalizedImages);

    /// <summary>A prompt's embedding [1, D], computed once per distinct text (the cache owns it: do not dispose).</summary>
    public torch.Tensor TextEmbedding(string text) => Cached(text);

    public int CachedPrompts => _textCache.Count;

    private torch.Tensor Cached(string text)
    {
        if (_textCache.TryGetValue(text, out var cached)) return cached;
        using var noGrad = torch.no_grad();
        var embedding = Embed(text);
        _textCache[text] = embedding;
        return embedding;
    }

    private torch.Tensor Embed(string text)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = torch.tensor(_tokenizer.Tokenize(text), [1, ClipTokenizer.DefaultContextLength], device: Model.Device);
        return Model.EncodeText(tokens).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var embedding in _textCache.Values) embedding.Dispose();
        _textCache.Clear();
        _mean.Dispose();
        _std.Dispose();
        Model.Dispose();
    }
}

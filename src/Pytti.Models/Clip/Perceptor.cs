using Pytti.Torch;

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
    private readonly Dictionary<string, Tensor> _textCache = new(StringComparer.Ordinal);
    private readonly Tensor _mean, _std;

    public Perceptor(string name, ClipModel model, ClipTokenizer tokenizer)
    {
        Name = name;
        Model = model;
        _tokenizer = tokenizer;
        _mean = Tensor.From(Mean, 1, 3, 1, 1).DetachFromScopes();
        _std = Tensor.From(Std, 1, 3, 1, 1).DetachFromScopes();
    }

    public string Name { get; }
    public ClipModel Model { get; }

    /// <summary>Side of the square images the model takes (PyTTI's <c>cut_size</c>).</summary>
    public int InputResolution => Model.InputResolution;

    public int EmbedDim => Model.Config.EmbedDim;

    /// <summary>CLIP's mean/std normalisation of [N, 3, R, R] images in [0, 1].</summary>
    public Tensor Normalize(Tensor images)
    {
        using var scope = LibTorch.NewDisposeScope();
        return ((images - _mean) / _std).MoveToOuterScope();
    }

    /// <summary>
    /// OpenAI's preprocessing for a whole picture [1, 3, H, W] in [0, 1]: shorter side resized to the
    /// input resolution (bicubic, antialiased when shrinking), centre crop, normalisation.
    /// </summary>
    public Tensor Preprocess(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (h, w) = (image.Size(2), image.Size(3));
        long r = InputResolution;
        var (nh, nw) = h <= w ? (r, (long)(r * (double)w / h)) : ((long)(r * (double)h / w), r);
        var resized = Functional.Interpolate(image, size: [nh, nw], mode: InterpolateMode.Bicubic, alignCorners: false, antialias: nh < h || nw < w);
        var top = (long)Math.Round((nh - r) / 2.0, MidpointRounding.ToEven);
        var left = (long)Math.Round((nw - r) / 2.0, MidpointRounding.ToEven);
        var cropped = resized.Narrow(2, top, r).Narrow(3, left, r).Clamp(0.0, 1.0);
        return Normalize(cropped).MoveToOuterScope();
    }

    /// <summary>Normalised images [N, 3, R, R] → [N, D]; differentiable w.r.t. the images.</summary>
    public Tensor EncodeImage(Tensor normalizedImages) => Model.EncodeImage(normalizedImages);

    /// <summary>A prompt's embedding [1, D], computed once per distinct text (the cache owns it: do not dispose).</summary>
    public Tensor EncodeText(string text)
    {
        if (_textCache.TryGetValue(text, out var cached)) return cached;
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var tokens = Tensor.From(_tokenizer.Tokenize(text), 1, ClipTokenizer.DefaultContextLength);
        var embedding = Model.EncodeText(tokens).DetachFromScopes();
        _textCache[text] = embedding;
        return embedding;
    }

    public int CachedPrompts => _textCache.Count;

    public void Dispose()
    {
        foreach (var t in _textCache.Values) t.Dispose();
        _textCache.Clear();
        _mean.Dispose();
        _std.Dispose();
        Model.Dispose();
    }
}

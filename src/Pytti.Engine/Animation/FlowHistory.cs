using System.Globalization;
using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// The decoded outputs Video Source's long-term flow samples read back (reference 8.4 reads them from the
/// backup files on disk instead): the image the model held at each frame boundary, keyed by the boundary's
/// index, bounded to the last <see cref="Capacity"/> boundaries. The images are part of the engine state, so a
/// resumed render reads the same sources as an uninterrupted one. Owns its tensors.
/// </summary>
public sealed class FlowHistory(int capacity) : IDisposable
{
    /// <summary>The prefix of the history's tensors in an engine state: <c>video.history.&lt;boundary&gt;</c>.</summary>
    public const string StatePrefix = "video.history.";

    private readonly SortedDictionary<int, torch.Tensor> _images = [];

    /// <summary>How many of the latest boundaries are kept: 2^L − 1 for L long-term samples.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The boundaries whose images are held, oldest first.</summary>
    public IReadOnlyCollection<int> Boundaries => _images.Keys;

    /// <summary>Keeps a copy of <paramref name="image"/> as boundary <paramref name="boundary"/>'s output and forgets what falls out of the window.</summary>
    public void Add(int boundary, torch.Tensor image)
    {
        if (Capacity < 1) return;
        Put(boundary, image.detach().clone().DetachFromDisposeScope());
        foreach (var old in _images.Keys.Where(k => k <= boundary - Capacity).ToList()) Remove(old);
    }

    /// <summary>The output held for boundary <paramref name="boundary"/> (owned by the history), if any.</summary>
    public bool TryGet(int boundary, out torch.Tensor image) => _images.TryGetValue(boundary, out image!);

    /// <summary>Copies of the held images, named for an engine state; the caller owns them.</summary>
    public IEnumerable<KeyValuePair<string, torch.Tensor>> State() =>
        _images.Select(kv => KeyValuePair.Create(StatePrefix + kv.Key.ToString(CultureInfo.InvariantCulture), kv.Value.clone().DetachFromDisposeScope()));

    /// <summary>Replaces the history with the images of an engine state (copied; other tensors are ignored).</summary>
    public void Restore(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        Clear();
        foreach (var (name, image) in state)
            if (name.StartsWith(StatePrefix, StringComparison.Ordinal))
                Put(int.Parse(name[StatePrefix.Length..], CultureInfo.InvariantCulture), image.clone().DetachFromDisposeScope());
    }

    private void Put(int boundary, torch.Tensor image)
    {
        Remove(boundary);
        _images[boundary] = image;
    }

    private void Remove(int boundary)
    {
        if (_images.Remove(boundary, out var image)) image.Dispose();
    }

    private void Clear()
    {
        foreach (var boundary in _images.Keys.ToList()) Remove(boundary);
    }

    public void Dispose() => Clear();
}

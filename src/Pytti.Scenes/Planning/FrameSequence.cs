using System.Collections;

namespace Pytti.Scenes.Planning;

/// <summary>
/// The frames of a <see cref="FramePlan"/>, computed when asked for: a plan of billions of steps holds
/// nothing per frame. <see cref="Count"/> and the indexer are 64-bit, like PyTTI's step counts.
/// </summary>
public sealed class FrameSequence : IEnumerable<FrameInfo>
{
    private readonly FramePlan _plan;

    internal FrameSequence(FramePlan plan) => _plan = plan;

    public long Count => _plan.FrameCount;

    public FrameInfo this[long index] => _plan.Frame(index);

    /// <summary>Frames <paramref name="first"/> to <paramref name="last"/> (inclusive, clipped to the plan).</summary>
    public IEnumerable<FrameInfo> Range(long first, long last)
    {
        for (var m = Math.Max(first, 0); m <= Math.Min(last, Count - 1); m++)
            yield return _plan.Frame(m);
    }

    public IEnumerator<FrameInfo> GetEnumerator() => Range(0, Count - 1).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

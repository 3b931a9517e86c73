using TorchSharp;

namespace Pytti.Engine.Rendering;

/// <summary>One optimiser step's losses, by display name: raw (unweighted) values as PyTTI logs them.</summary>
public sealed record StepRecord(long Step, long TotalSteps, int Scene, double T, IReadOnlyDictionary<string, double> Raw, double Total)
{
    /// <summary>The frame (0-based, in the plan) the step belongs to.</summary>
    public long Frame { get; init; }
}

/// <summary>An image the run saves: <paramref name="Index"/> counts from 1 (PyTTI's <c>_n</c> suffix).</summary>
public sealed record SavedImage(long Index, long Step, torch.Tensor Image);

/// <summary>What a render reports. Called on the render thread; <see cref="SavedImage.Image"/> is valid only during the call.</summary>
public interface IRenderObserver
{
    void OnStep(StepRecord record);
    void OnImage(SavedImage image);

    /// <summary>A frame's last step is done; <paramref name="capture"/> returns the state to resume after it (the caller owns it).</summary>
    void OnFrameEnd(Pytti.Scenes.Planning.FrameInfo frame, Func<EngineState> capture) { }

    /// <summary>Whether to decode the image for <see cref="OnDisplay"/> every <c>display_every</c> steps (only a live preview asks).</summary>
    bool WantsDisplay => false;

    /// <summary>The image PyTTI's notebook shows every <c>display_every</c> steps; <see cref="SavedImage.Index"/> is 0. Decoding it changes nothing in the render.</summary>
    void OnDisplay(SavedImage image) { }
}

using Pytti.Torch;

namespace Pytti.Engine.Rendering;

/// <summary>One optimiser step's losses, by display name: raw (unweighted) values as PyTTI logs them.</summary>
public sealed record StepRecord(int Step, int TotalSteps, int Scene, double T, IReadOnlyDictionary<string, double> Raw, double Total);

/// <summary>An image the run saves: <paramref name="Index"/> counts from 1 (PyTTI's <c>_n</c> suffix).</summary>
public sealed record SavedImage(int Index, int Step, Tensor Image);

/// <summary>What a render reports. Called on the render thread; <see cref="SavedImage.Image"/> is valid only during the call.</summary>
public interface IRenderObserver
{
    void OnStep(StepRecord record);
    void OnImage(SavedImage image);

    /// <summary>A frame's last step is done; <paramref name="capture"/> returns the state to resume after it (the caller owns it).</summary>
    void OnFrameEnd(Pytti.Scenes.Planning.FrameInfo frame, Func<EngineState> capture) { }
}

namespace Pytti.Scenes.Planning;

/// <summary>
/// One optimiser step <c>i</c> as PyTTI runs it (reference 7.3, 7.4): scene <c>Scene</c> at step
/// <c>StepInScene</c> within it, time <c>T</c> (negative before the animation starts), and the
/// cross-fade: prompts of <c>Scene</c> weigh <c>Tau</c>, prompts of <c>PreviousScene</c> weigh
/// <c>1 - Tau</c> (for scene 0 the previous scene is scene 0 itself).
/// </summary>
public sealed record StepInfo(long Index, int Scene, long StepInScene, double T, double Tau, int PreviousScene, bool IsFrameBoundary)
{
    public bool IsInterpolating => Tau < 1;
}

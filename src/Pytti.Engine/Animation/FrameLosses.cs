using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// The losses an animation's frame boundary switches (reference 7.4 step 1e): every stabilisation loss
/// gets the new frame as its target and is enabled, the semantic stabilisation prompt is embedded from
/// the new frame and enabled, the init direct loss and the semantic init prompt are disabled. A disabled
/// prompt contributes PyTTI's constant: the image-prompt offset 0.7, without gradient (reference 3.5).
/// </summary>
public sealed class FrameLosses
{
    private readonly List<WeightedLoss> _init = [];
    private readonly List<(int Index, Func<torch.Tensor, WeightedLoss> Build)> _stabilization = [];
    private readonly HashSet<PromptTerm> _off = new(ReferenceEqualityComparer.Instance);
    private ImagePrompt? _semanticInit;
    private ImagePrompt? _semanticStabilization;

    /// <summary>An init loss, enabled until the first frame boundary.</summary>
    public void AddInit(WeightedLoss loss) => _init.Add(loss);

    /// <summary>The stabilisation loss at <paramref name="index"/> of the loss list, and how to build it against a new target [1,3,H,W].</summary>
    public void AddStabilization(int index, Func<torch.Tensor, WeightedLoss> build) => _stabilization.Add((index, build));

    public void SetSemanticInit(ImagePrompt prompt) => _semanticInit = prompt;

    /// <summary>The semantic stabilisation prompt; <paramref name="enabled"/> is false until the first frame when there is no init image.</summary>
    public void SetSemanticStabilization(ImagePrompt prompt, bool enabled)
    {
        _semanticStabilization = prompt;
        if (!enabled) _off.Add(prompt);
    }

    /// <summary>PyTTI's value of a disabled prompt on <paramref name="device"/>, or null when <paramref name="prompt"/> is on.</summary>
    public LossValue? Disabled(PromptTerm prompt, torch.Device device) =>
        _off.Contains(prompt) ? new LossValue(prompt.Name, torch.tensor((float)ImagePrompt.Offset, device: device), ImagePrompt.Offset) : null;

    /// <summary>
    /// Frame boundary with animation on: rebuilds the stabilisation losses in <paramref name="losses"/> against
    /// <paramref name="frame"/> [1,3,H,W], re-embeds semantic stabilisation with <paramref name="embed"/>, turns the init losses off.
    /// </summary>
    public void OnNewFrame(torch.Tensor frame, List<WeightedLoss> losses, Func<torch.Tensor, CutoutEmbeddings> embed)
    {
        foreach (var (index, build) in _stabilization)
        {
            var old = losses[index];
            losses[index] = build(frame);
            old.Dispose();
        }
        if (_semanticStabilization is { } semantic)
        {
            semantic.Replace(embed(frame));
            _off.Remove(semantic);
        }
        foreach (var loss in _init) loss.Enabled = false;
        if (_semanticInit is { } init) _off.Add(init);
    }
}

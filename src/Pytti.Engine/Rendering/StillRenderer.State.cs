using Pytti.Engine.Animation;
using Pytti.Torch.Optim;
using TorchSharp;
using Adam = TorchSharp.Modules.Adam;

namespace Pytti.Engine.Rendering;

/// <summary>The state a render resumes from: captured after a frame, restored before the next step.</summary>
public sealed partial class StillRenderer
{
    private EngineState Capture(long frame, long nextStep, long saved, Adam adam)
    {
        var tensors = new Dictionary<string, torch.Tensor>();
        foreach (var (name, t) in _model.state_dict()) tensors["model." + name] = Copy(t);
        foreach (var (name, t) in adam.SaveState()) tensors["adam." + name] = t.DetachFromDisposeScope();
        tensors["rng"] = Random.get_state().DetachFromDisposeScope();
        if (_video is not null)
            foreach (var (name, t) in _video.History.State()) tensors[name] = t.DetachFromDisposeScope();
        return new EngineState(frame, nextStep, saved, tensors);
    }

    /// <summary>A detached copy of <paramref name="t"/> outside every scope.</summary>
    private static torch.Tensor Copy(torch.Tensor t)
    {
        using var detached = t.detach();
        return detached.clone().DetachFromDisposeScope();
    }

    private void Restore(EngineState state, Adam adam)
    {
        _model.LoadStateDict(Entries(state, "model.").ToDictionary());
        adam.LoadState(Entries(state, "adam.").ToDictionary());
        Random.set_state(state.Tensors["rng"]);
        _video?.History.Restore(state.Tensors.Where(kv => kv.Key.StartsWith(FlowHistory.StatePrefix, StringComparison.Ordinal)).ToDictionary());
    }

    /// <summary>The state's tensors named <paramref name="prefix"/>…, without the prefix.</summary>
    private static IEnumerable<KeyValuePair<string, torch.Tensor>> Entries(EngineState state, string prefix) =>
        state.Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(kv => KeyValuePair.Create(kv.Key[prefix.Length..], kv.Value));
}

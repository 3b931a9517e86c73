using TorchSharp;
using TorchSharp.Modules;
using TorchAdam = TorchSharp.Modules.Adam;

namespace Pytti.Torch.Optim;

/// <summary>
/// TorchSharp's <see cref="TorchAdam"/> as PyTTI uses it: PyTorch's defaults, gradients cleared to none (a parameter without a
/// gradient is not stepped, as with PyTorch's <c>zero_grad(set_to_none=True)</c>), moments forgotten at frame boundaries,
/// and the moments as named tensors for checkpoints: <c>{group}.{index}.exp_avg</c>, <c>.exp_avg_sq</c> and <c>.step</c>,
/// for the parameters stepped at least once.
/// </summary>
public static class AdamCheckpoints
{
    /// <summary>Adam with PyTorch's defaults (betas 0.9, 0.999; eps 1e-8; TorchSharp's <c>torch.optim.Adam</c> factory defaults beta2 to 0.99).</summary>
    public static TorchAdam Create(IEnumerable<Parameter> parameters, double learningRate) =>
        new(parameters, learningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8);

    /// <summary>The parameters of every group, in order, with their Adam state.</summary>
    private static IEnumerable<(int Group, int Index, Parameter Parameter, TorchAdam.State State)> Entries(TorchAdam adam)
    {
        var states = adam.state_dict().State;
        var k = 0;
        var gi = 0;
        foreach (var group in adam.ParamGroups.Cast<TorchSharp.Modules.ParamGroup>())
        {
            var pi = 0;
            foreach (var p in group.Parameters)
                yield return (gi, pi++, p, (TorchAdam.State)states[k++]);
            gi++;
        }
    }

    /// <summary>Clears every parameter's gradient (to none).</summary>
    public static void ClearGrads(this TorchAdam adam)
    {
        foreach (var (_, _, p, _) in Entries(adam)) p.grad = null;
    }

    /// <summary>Step count of <paramref name="parameter"/> (0 before its first update).</summary>
    public static long StepCount(this TorchAdam adam, Parameter parameter) =>
        Entries(adam).First(e => ReferenceEquals(e.Parameter, parameter) || e.Parameter.Handle == parameter.Handle).State.step;

    /// <summary>Forgets all moments and step counts (PyTTI's <c>reset_lr_each_frame</c> re-creates Adam).</summary>
    public static void Reset(this TorchAdam adam)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();   // the handles in-place operators may return
        foreach (var (_, _, _, s) in Entries(adam)) Forget(s);
    }

    private static void Forget(TorchAdam.State s)
    {
        s.step = 0;
        s.exp_avg.zero_();
        s.exp_avg_sq.zero_();
    }

    /// <summary>The moments as named tensors (copies; the caller owns them).</summary>
    public static Dictionary<string, torch.Tensor> SaveState(this TorchAdam adam)
    {
        var result = new Dictionary<string, torch.Tensor>();
        foreach (var (gi, pi, _, s) in Entries(adam))
        {
            if (s.step == 0) continue;
            result[$"{gi}.{pi}.exp_avg"] = s.exp_avg.clone();
            result[$"{gi}.{pi}.exp_avg_sq"] = s.exp_avg_sq.clone();
            result[$"{gi}.{pi}.step"] = torch.tensor(s.step);
        }
        return result;
    }

    /// <summary>Restores moments saved by <see cref="SaveState"/> (for the same parameter layout); parameters absent from it start afresh.</summary>
    public static void LoadState(this TorchAdam adam, IReadOnlyDictionary<string, torch.Tensor> state)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();   // the handles in-place operators may return
        foreach (var (gi, pi, _, s) in Entries(adam))
        {
            Forget(s);
            if (!state.TryGetValue($"{gi}.{pi}.exp_avg", out var avg)) continue;
            s.exp_avg.copy_(avg);
            s.exp_avg_sq.copy_(state[$"{gi}.{pi}.exp_avg_sq"]);
            s.step = state[$"{gi}.{pi}.step"].item<long>();
        }
    }
}

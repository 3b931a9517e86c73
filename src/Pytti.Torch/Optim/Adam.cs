namespace Pytti.Torch.Optim;

/// <summary>A set of parameters sharing hyper-parameters (PyTorch's param_groups entry).</summary>
public sealed record ParamGroup(IReadOnlyList<Tensor> Parameters, double LearningRate)
{
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-8;
    public double WeightDecay { get; init; }
}

/// <summary>
/// <c>torch.optim.Adam</c> (no amsgrad, single-tensor path of PyTorch 1.13) with the same bias
/// correction and the same order of operations, so trajectories match PyTorch's to float rounding.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly List<ParamGroup> _groups;
    private readonly Dictionary<Tensor, AdamParamState> _state = new(ReferenceEqualityComparer.Instance);

    public Adam(IEnumerable<ParamGroup> groups)
    {
        _groups = groups.ToList();
        if (_groups.Count == 0) throw new ArgumentException("Adam needs at least one parameter group.");
    }

    public Adam(IEnumerable<Tensor> parameters, double learningRate) : this([new ParamGroup(parameters.ToList(), learningRate)]) { }

    public IReadOnlyList<ParamGroup> Groups => _groups;

    /// <summary>Changes a group's learning rate; moments are kept.</summary>
    public void SetLearningRate(int group, double learningRate) => _groups[group] = _groups[group] with { LearningRate = learningRate };

    /// <summary>Clears gradients (to none).</summary>
    public void ZeroGrad()
    {
        foreach (var group in _groups)
            foreach (var p in group.Parameters) p.ClearGrad();
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        foreach (var group in _groups)
        {
            foreach (var p in group.Parameters)
            {
                var grad = p.Grad;
                if (grad is null) continue;
                Update(p, grad, group);
            }
        }
    }

    private void Update(Tensor p, Tensor grad, ParamGroup g)
    {
        if (!_state.TryGetValue(p, out var s))
        {
            s = new AdamParamState(p.ZerosLike().DetachFromScopes(), p.ZerosLike().DetachFromScopes());
            _state[p] = s;
        }
        s.Step++;
        if (g.WeightDecay != 0) grad = grad.Add(p, g.WeightDecay);
        s.ExpAvg.Mul_(g.Beta1).Add_(grad, 1 - g.Beta1);
        s.ExpAvgSq.Mul_(g.Beta2).AddCMul_(grad, grad, 1 - g.Beta2);
        var biasCorrection1 = 1 - Math.Pow(g.Beta1, s.Step);
        var biasCorrection2 = 1 - Math.Pow(g.Beta2, s.Step);
        var stepSize = g.LearningRate / biasCorrection1;
        var denom = (s.ExpAvgSq.Sqrt() / Math.Sqrt(biasCorrection2)).Add_(g.Eps);
        p.AddCDiv_(s.ExpAvg, denom, -stepSize);
    }

    /// <summary>Forgets all moments and step counts (PyTTI's <c>reset_lr_each_frame</c> re-creates Adam).</summary>
    public void Reset()
    {
        foreach (var s in _state.Values) s.Dispose();
        _state.Clear();
    }

    /// <summary>Step count of a parameter (0 before its first update).</summary>
    public long StepCount(Tensor parameter) => _state.TryGetValue(parameter, out var s) ? s.Step : 0;

    /// <summary>
    /// The moments as named tensors for checkpoints: <c>{group}.{index}.exp_avg</c>,
    /// <c>.exp_avg_sq</c> and <c>.step</c> (copies; the caller owns them).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var result = new Dictionary<string, Tensor>();
        for (var gi = 0; gi < _groups.Count; gi++)
        {
            for (var pi = 0; pi < _groups[gi].Parameters.Count; pi++)
            {
                if (!_state.TryGetValue(_groups[gi].Parameters[pi], out var s)) continue;
                result[$"{gi}.{pi}.exp_avg"] = s.ExpAvg.Clone().DetachFromScopes();
                result[$"{gi}.{pi}.exp_avg_sq"] = s.ExpAvgSq.Clone().DetachFromScopes();
                result[$"{gi}.{pi}.step"] = Tensor.From([s.Step], []).DetachFromScopes();
            }
        }
        return result;
    }

    /// <summary>Restores moments saved by <see cref="StateDict"/> (for the same parameter layout).</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        Reset();
        using var noGrad = LibTorch.NoGrad();
        for (var gi = 0; gi < _groups.Count; gi++)
        {
            for (var pi = 0; pi < _groups[gi].Parameters.Count; pi++)
            {
                if (!state.TryGetValue($"{gi}.{pi}.exp_avg", out var avg)) continue;
                var p = _groups[gi].Parameters[pi];
                var s = new AdamParamState(avg.Clone().DetachFromScopes(), state[$"{gi}.{pi}.exp_avg_sq"].Clone().DetachFromScopes())
                {
                    Step = (long)state[$"{gi}.{pi}.step"].Item(),
                };
                _state[p] = s;
            }
        }
    }

    public void Dispose() => Reset();

    private sealed class AdamParamState(Tensor expAvg, Tensor expAvgSq) : IDisposable
    {
        public Tensor ExpAvg { get; } = expAvg;
        public Tensor ExpAvgSq { get; } = expAvgSq;
        public long Step { get; set; }

        public void Dispose()
        {
            ExpAvg.Dispose();
            ExpAvgSq.Dispose();
        }
    }
}

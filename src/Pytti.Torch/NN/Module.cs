namespace Pytti.Torch.NN;

/// <summary>
/// A network building block with named parameters, buffers and child modules, whose
/// <see cref="StateDict"/> keys equal PyTorch's (<c>layers.0.weight</c>). Members that hold
/// parameters and children are named exactly like those keys.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor? Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor? Tensor, bool Persistent)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    public bool Training { get; private set; } = true;

    /// <summary>Runs the module on one input; modules with other signatures add their own Forward.</summary>
    public virtual Tensor Forward(Tensor input) =>
        throw new NotSupportedException($"{GetType().Name} does not take a single tensor input.");

    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        tensor.DetachFromScopes();
        tensor.RequiresGrad = true;
        _parameters.Add((name, tensor));
        return tensor;
    }

    protected void RegisterAbsentParameter(string name) => _parameters.Add((name, null));

    protected Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
    {
        tensor.DetachFromScopes();
        _buffers.Add((name, tensor, persistent));
        return tensor;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    protected Tensor Parameter(string name) =>
        _parameters.First(p => p.Name == name).Tensor ?? throw new InvalidOperationException($"{GetType().Name}.{name} is absent");

    protected Tensor? OptionalParameter(string name) => _parameters.First(p => p.Name == name).Tensor;

    protected Tensor Buffer(string name) => _buffers.First(b => b.Name == name).Tensor!;

    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

    /// <summary>Trainable tensors with their state-dict names, depth first in registration order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters(string prefix = "")
    {
        foreach (var (name, tensor) in _parameters)
            if (tensor is not null) yield return (prefix + name, tensor);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + "."))
                yield return item;
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor);

    public IEnumerable<(string Name, Tensor Tensor)> NamedBuffers(string prefix = "", bool persistentOnly = false)
    {
        foreach (var (name, tensor, persistent) in _buffers)
            if (tensor is not null && (persistent || !persistentOnly)) yield return (prefix + name, tensor);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedBuffers(prefix + name + ".", persistentOnly))
                yield return item;
    }

    /// <summary>Parameters and persistent buffers by their PyTorch state-dict keys. The tensors are the module's own (not copies).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in NamedParameters()) dict[name] = tensor;
        foreach (var (name, tensor) in NamedBuffers(persistentOnly: true)) dict[name] = tensor;
        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="source"/> into this module's tensors, converting dtype
    /// (fp16 weights become float32). Every key and shape is checked first; on any mismatch nothing
    /// is copied and the exception names each offending key.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> source, bool strict = true, Func<string, bool>? ignore = null)
    {
        var own = StateDict();
        StateDictCheck.Validate(GetType().Name, StateDictCheck.Shapes(own, t => t.Shape), StateDictCheck.Shapes(source, t => t.Shape), strict, ignore);
        using var noGrad = LibTorch.NoGrad();
        foreach (var (name, target) in own)
        {
            if (source.TryGetValue(name, out var value))
                target.CopyFrom_(value);
        }
    }

    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Evaluation mode with every parameter frozen (no gradients): how pretrained models are used.</summary>
    public Module Freeze()
    {
        Eval();
        foreach (var p in Parameters()) p.RequiresGrad = false;
        return this;
    }

    /// <summary>Moves or converts every parameter and buffer in place (keeps tensor identities for optimisers).</summary>
    public Module To(Device device, DType? dtype = null)
    {
        using var noGrad = LibTorch.NoGrad();
        for (var i = 0; i < _parameters.Count; i++)
            _parameters[i] = (_parameters[i].Name, Replace(_parameters[i].Tensor, device, dtype, parameter: true));
        for (var i = 0; i < _buffers.Count; i++)
            _buffers[i] = (_buffers[i].Name, Replace(_buffers[i].Tensor, device, dtype, parameter: false), _buffers[i].Persistent);
        foreach (var (_, child) in _children) child.To(device, dtype);
        return this;
    }

    private static Tensor? Replace(Tensor? t, Device device, DType? dtype, bool parameter)
    {
        if (t is null) return null;
        var targetType = dtype is { } d && t.DType.IsFloatingPoint() ? d : t.DType;
        if (t.Device == device && t.DType == targetType) return t;
        var requiresGrad = parameter && t.RequiresGrad;   // frozen parameters stay frozen
        var moved = t.To(device, targetType).DetachFromScopes();
        if (requiresGrad) moved.RequiresGrad = true;
        t.Dispose();
        return moved;
    }

    public long ParameterCount() => NamedParameters().Sum(p => p.Tensor.NumElements);

    public virtual void Dispose()
    {
        foreach (var (_, t) in _parameters) t?.Dispose();
        foreach (var (_, t, _) in _buffers) t?.Dispose();
        foreach (var (_, child) in _children) child.Dispose();
        GC.SuppressFinalize(this);
    }
}

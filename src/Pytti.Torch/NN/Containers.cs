namespace Pytti.Torch.NN;

/// <summary>Children named <c>0</c>, <c>1</c>, ... (keys <c>layers.0.weight</c>), applied in order.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _modules = [];

    public Sequential(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    public Module this[int index] => _modules[index];

    public int Count => _modules.Count;

    public void Add(Module module)
    {
        RegisterModule(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _modules.Add(module);
    }

    /// <summary>Applies each child in turn; intermediates are disposed as soon as the next one exists.</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var module in _modules)
        {
            var next = module.Forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return ReferenceEquals(x, input) ? input.Share() : x;
    }
}

/// <summary>A module that only applies a function (activations, reshapes) inside a <see cref="Sequential"/>.</summary>
public sealed class Lambda(Func<Tensor, Tensor> function) : Module
{
    public override Tensor Forward(Tensor input) => function(input);
}

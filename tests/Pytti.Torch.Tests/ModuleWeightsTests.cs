using Pytti.Torch.NN;
using TorchSharp;
using static TorchSharp.torch;
using TS = TorchSharp.torch.Tensor;

namespace Pytti.Torch.Tests;

/// <summary>Checkpoints into TorchSharp modules whose names are the checkpoint keys.</summary>
public class ModuleWeightsTests
{
    private sealed class Tiny : nn.Module<TS, TS>
    {
        // Field names are the state-dict keys, as TorchSharp's RegisterComponents names them.
        private readonly TorchSharp.Modules.Linear proj = nn.Linear(2, 3);
        private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.Linear> blocks = nn.ModuleList<TorchSharp.Modules.Linear>(nn.Linear(3, 3, hasBias: false));

        public Tiny() : base(nameof(Tiny))
        {
            RegisterComponents();
            register_buffer("scale", ones(3));
        }

        public TS Weight => proj.weight!;

        public override TS forward(TS input) => blocks[0].forward(proj.forward(input));
    }

    // TorchSharp's live count (torch.Tensor.TotalCount) grows by one for every Parameter a module creates, even once
    // disposed (the Parameter takes over its source tensor's handle uncounted), so the guards start after construction.
    private static float At(TS t, params long[] index)
    {
        using var element = t[index.Select(i => TensorIndex.Single(i)).ToArray()];
        return element.item<float>();
    }

    private static Dictionary<string, TS> Checkpoint(ScalarType dtype, params (string Key, long[] Shape, float Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => full(e.Shape, e.Value, dtype));

    private static Dictionary<string, TS> Complete(ScalarType dtype) => Checkpoint(dtype,
        ("proj.weight", [3, 2], 0.5f), ("proj.bias", [3], -1f), ("blocks.0.weight", [3, 3], 2f), ("scale", [3], 4f));

    [Fact]
    public void Loads_fp16_values_into_the_modules_own_float32_tensors()
    {
        using var module = new Tiny();
        using var guard = new LeakGuard();
        var before = module.Weight;
        var weights = Complete(ScalarType.Float16);
        try
        {
            module.LoadWeights(weights);
        }
        finally
        {
            weights.DisposeAll();
        }
        Assert.Same(before, module.Weight);
        Assert.Equal(ScalarType.Float32, module.Weight.dtype);
        var state = module.state_dict();
        Assert.Equal(0.5f, At(state["proj.weight"], 1, 1));
        Assert.Equal(-1f, At(state["proj.bias"], 2));
        Assert.Equal(2f, At(state["blocks.0.weight"], 0, 2));
        Assert.Equal(4f, At(state["scale"], 0));
    }

    [Fact]
    public void A_mismatch_names_every_key_and_copies_nothing()
    {
        using var module = new Tiny();
        using var guard = new LeakGuard();
        using (no_grad()) module.Weight.fill_(7f);
        var weights = Checkpoint(ScalarType.Float32,
            ("proj.weight", [3, 2], 0.5f), ("proj.bias", [4], 1f), ("scale", [3], 4f), ("extra", [1], 0f));
        try
        {
            var e = Assert.Throws<StateDictMismatchException>(() => module.LoadWeights(weights));
            Assert.Equal(["proj.bias", "blocks.0.weight", "extra"], e.Keys);
            Assert.Contains("key 'proj.bias' has shape [4], the module expects [3]", e.Message);
            Assert.Contains("missing key 'blocks.0.weight' (expected shape [3, 3])", e.Message);
            Assert.Contains("unexpected key 'extra'", e.Message);
        }
        finally
        {
            weights.DisposeAll();
        }
        Assert.Equal(7f, At(module.Weight, 0, 0));
    }

    [Fact]
    public void A_lenient_load_skips_missing_keys_and_ignored_ones()
    {
        using var module = new Tiny();
        using var guard = new LeakGuard();
        var weights = Checkpoint(ScalarType.Float32, ("proj.weight", [3, 2], 0.25f), ("logit_scale", [], 1f));
        try
        {
            Assert.Throws<StateDictMismatchException>(() => module.LoadWeights(weights, ignore: k => k == "logit_scale"));
            module.LoadWeights(weights, strict: false);
        }
        finally
        {
            weights.DisposeAll();
        }
        Assert.Equal(0.25f, At(module.Weight, 2, 1));
    }

    [Fact]
    public void Freeze_stops_gradients_and_leaves_training_mode()
    {
        using var module = new Tiny();
        using var guard = new LeakGuard();
        module.Freeze();
        Assert.False(module.training);
        Assert.All(module.parameters(), p => Assert.False(p.requires_grad));
    }
}

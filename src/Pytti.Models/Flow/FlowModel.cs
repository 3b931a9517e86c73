using Pytti.Torch;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT optical flow (princeton-vl/RAFT, small or large as the checkpoint says): a feature encoder for
/// both images, a context encoder for the first, an all-pairs correlation pyramid, and an iterative
/// GRU update of the flow at 1/8 resolution, upsampled to full resolution after every iteration.
/// Keys as upstream's <c>RAFT</c> state dict; the released files' <c>module.</c> prefix is stripped.
/// </summary>
public sealed class FlowModel : Module
{
    public FlowModel(RaftConfig config)
    {
        Config = config;
        fnet = RegisterModule("fnet", new RaftEncoder(config.Small, config.Small ? 128 : 256, RaftNorm.Instance));
        cnet = RegisterModule("cnet", new RaftEncoder(config.Small, config.HiddenDim + config.ContextDim, config.ContextNorm));
        update_block = RegisterModule("update_block", new UpdateBlock(config));
    }

    public RaftConfig Config { get; }
    internal RaftEncoder fnet { get; }
    internal RaftEncoder cnet { get; }
    internal UpdateBlock update_block { get; }

    /// <summary>Loads a RAFT checkpoint (zip or legacy <c>torch.save</c>, safetensors), inferring the architecture.</summary>
    public static FlowModel Load(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No RAFT checkpoint at '{path}'.", path);
        var weights = Weights.Load(path, DType.Float32, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            return FromStateDict(weights, device, path);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }

    public static FlowModel FromStateDict(IReadOnlyDictionary<string, Tensor> weights, Device? device = null, string? source = null)
    {
        var prefix = source is null ? "" : source + ": ";
        RaftConfig config;
        try
        {
            config = RaftConfig.Infer(weights);
        }
        catch (FlowLoadException e)
        {
            throw new FlowLoadException(prefix + e.Message);
        }
        var model = new FlowModel(config);
        try
        {
            model.LoadStateDict(weights);
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new FlowLoadException(prefix + e.Message);
        }
        model.Freeze();
        if (device is { } d) model.To(d);
        return model;
    }

    /// <summary>
    /// The flow from <paramref name="image1"/> to <paramref name="image2"/> ([N, 3, H, W] RGB in [0, 1],
    /// on the model's device) after <paramref name="iterations"/> refinements. Sizes that are not multiples
    /// of 8 are replicate-padded as upstream's <c>InputPadder</c> does and the flow cropped back.
    /// <paramref name="initialFlow"/> (1/8 resolution, as <see cref="FlowEstimate.LowResolution"/>) warm-starts it.
    /// With <paramref name="differentiable"/> the flow keeps its autograd graph to the images (for a flow loss);
    /// as upstream, the match coordinates are detached at the start of every iteration.
    /// </summary>
    public FlowEstimate Estimate(Tensor image1, Tensor image2, int iterations = 12, bool keepIterations = false,
        Tensor? initialFlow = null, bool differentiable = false)
    {
        var padding = RaftInputCheck.Validate(image1, image2, iterations, Config.CorrelationLevels);
        using var noGrad = differentiable ? null : LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var x1 = 2L * padding.Apply(image1) - 1.0;                           // [N, 3, H', W'] in [-1, 1]
        var x2 = 2L * padding.Apply(image2) - 1.0;
        var n = x1.Size(0);
        var features = fnet.Forward(Tensor.Cat([x1, x2], 0)).Split(n, 0);   // 2 x [N, D, H'/8, W'/8]
        using var pyramid = new CorrelationPyramid(features[0], features[1], Config.CorrelationLevels, Config.CorrelationRadius);
        var context = cnet.Forward(x1).Split([Config.HiddenDim, Config.ContextDim], 1);
        using var state = new RaftState(context[0].Tanh(), Functional.Relu(context[1]), features[0]);
        if (initialFlow is not null)
        {
            if (!initialFlow.Shape.SequenceEqual(state.Coords1.Shape))
                throw new ArgumentException($"The initial flow is {initialFlow.ShapeString}; this pair needs {state.Coords1.ShapeString} (1/8 resolution).", nameof(initialFlow));
            state.Advance(initialFlow);
        }
        var kept = new List<Tensor>();
        try
        {
            Tensor? last = null;
            for (var i = 0; i < iterations; i++)
            {
                if (!keepIterations) last?.Dispose();
                last = Refine(state, pyramid, padding);
                if (keepIterations) kept.Add(last.DetachFromScopes());
            }
            var flow = keepIterations ? last!.Clone().DetachFromScopes() : last!.DetachFromScopes();
            return new FlowEstimate(flow, state.Flow().DetachFromScopes(), kept);
        }
        catch
        {
            foreach (var t in kept) t.Dispose();
            throw;
        }
    }

    /// <summary>One iteration: look up correlations, update the GRU and the match coordinates, upsample.</summary>
    private Tensor Refine(RaftState state, CorrelationPyramid pyramid, InputPadding padding)
    {
        using var scope = LibTorch.NewDisposeScope();
        state.DetachCoordinates();
        var correlation = pyramid.Lookup(state.Coords1);
        var flow = state.Flow();
        var (hidden, mask, delta) = update_block.Step(state.Hidden, state.Context, correlation, flow);
        state.Replace(hidden);
        state.Advance(delta);
        var coarse = state.Flow();
        var up = mask is null ? FlowUpsampling.Bilinear(coarse) : FlowUpsampling.Convex(coarse, mask);
        return padding.Crop(up).MoveToOuterScope();
    }
}

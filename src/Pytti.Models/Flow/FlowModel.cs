using Pytti.Torch.NN;
using Pytti.Torch.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT optical flow (princeton-vl/RAFT, small or large as the checkpoint says): a feature encoder for
/// both images, a context encoder for the first, an all-pairs correlation pyramid, and an iterative
/// GRU update of the flow at 1/8 resolution, upsampled to full resolution after every iteration.
/// Parameter and buffer names are upstream's <c>RAFT</c> state-dict keys; the released files' <c>module.</c> prefix is stripped.
/// </summary>
public sealed partial class FlowModel : nn.Module
{
    private readonly RaftEncoder fnet;
    private readonly RaftEncoder cnet;
    private readonly UpdateBlock update_block;

    public FlowModel(RaftConfig config) : base(nameof(FlowModel))
    {
        Config = config;
        fnet = new RaftEncoder(config.Small, config.Small ? 128 : 256, RaftNorm.Instance);
        cnet = new RaftEncoder(config.Small, config.HiddenDim + config.ContextDim, config.ContextNorm);
        update_block = new UpdateBlock(config);
        RegisterComponents();
    }

    public RaftConfig Config { get; }

    /// <summary>Loads a RAFT checkpoint (zip or legacy <c>torch.save</c>, safetensors), inferring the architecture.</summary>
    public static FlowModel Load(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No RAFT checkpoint at '{path}'.", path);
        var weights = Pytti.Torch.Weights.LoadTorch(path, Pytti.Torch.DType.Float32, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            return FromStateDict(weights, device, path);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    /// <summary>A model with <paramref name="weights"/>' architecture and values (copied: the caller keeps the dictionary).</summary>
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
            model.LoadWeights(weights);
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new FlowLoadException(prefix + e.Message);
        }
        if (device is not null) model.to(device);
        return model.Freeze();
    }

    /// <summary>
    /// The flow from <paramref name="image1"/> to <paramref name="image2"/> ([N, 3, H, W] RGB in [0, 1],
    /// on the model's device) after <paramref name="iterations"/> refinements. Sizes that are not multiples
    /// of 8 are replicate-padded as upstream's <c>InputPadder</c> does and the flow cropped back.
    /// <paramref name="initialFlow"/> (1/8 resolution, as <see cref="RaftFlow.LowResolution"/>) warm-starts it.
    /// With <paramref name="differentiable"/> the flow keeps its autograd graph to the images (for a flow loss);
    /// as upstream, the match coordinates are detached at the start of every iteration.
    /// </summary>
    public RaftFlow Estimate(Tensor image1, Tensor image2, int iterations = 12, bool keepIterations = false,
        Tensor? initialFlow = null, bool differentiable = false)
    {
        var padding = RaftInputCheck.Validate(image1, image2, iterations, Config.CorrelationLevels);
        using var noGrad = differentiable ? null : no_grad();
        using var scope = NewDisposeScope();
        var x1 = 2L * padding.Apply(image1) - 1.0;                           // [N, 3, H', W'] in [-1, 1]
        var x2 = 2L * padding.Apply(image2) - 1.0;
        var n = x1.shape[0];
        var features = fnet.call(cat([x1, x2], 0)).split(n, 0);            // 2 x [N, D, H'/8, W'/8]
        using var pyramid = new CorrelationPyramid(features[0], features[1], Config.CorrelationLevels, Config.CorrelationRadius);
        var context = cnet.call(x1).split([Config.HiddenDim, Config.ContextDim], 1);
        using var state = new RaftState(context[0].tanh(), nn.functional.relu(context[1]), features[0]);
        if (initialFlow is not null)
        {
            RaftInputCheck.ValidateInitialFlow(initialFlow, state.Coords1);
            state.Advance(initialFlow);
        }
        return Iterate(state, pyramid, padding, iterations, keepIterations);
    }

    /// <summary>Runs the refinements; the result's tensors leave every dispose scope.</summary>
    private RaftFlow Iterate(RaftState state, CorrelationPyramid pyramid, InputPadding padding, int iterations, bool keepIterations)
    {
        var kept = new List<Tensor>();
        try
        {
            Tensor? last = null;
            for (var i = 0; i < iterations; i++)
            {
                if (!keepIterations) last?.Dispose();
                last = Refine(state, pyramid, padding);
                if (keepIterations) kept.Add(last.DetachFromDisposeScope());
            }
            var flow = keepIterations ? last!.clone().DetachFromDisposeScope() : last!.DetachFromDisposeScope();
            return new RaftFlow(flow, state.Flow().DetachFromDisposeScope(), kept);
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
        using var scope = NewDisposeScope();
        state.DetachCoordinates();
        var correlation = pyramid.Lookup(state.Coords1);
        var flow = state.Flow();
        var (hidden, mask, delta) = update_block.Step(state.Hidden, state.Context, correlation, flow);
        state.Replace(hidden);
        state.Advance(delta);
        var coarse = state.Flow();
        var up = mask is null ? FlowUpsampling.Bilinear(coarse) : FlowUpsampling.Convex(coarse, mask);
        return padding.Crop(up).MoveToOuterDisposeScope();
    }
}

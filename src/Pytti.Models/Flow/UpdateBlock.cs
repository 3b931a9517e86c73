using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>
/// One refinement step of RAFT (upstream <c>SmallUpdateBlock</c> / <c>BasicUpdateBlock</c>): motion
/// features join the context, the GRU updates its state, the head predicts the flow change, and
/// RAFT-large also predicts the convex-upsampling weights (scaled by 0.25).
/// </summary>
internal sealed class UpdateBlock : Module
{
    public UpdateBlock(RaftConfig config)
    {
        var small = config.Small;
        encoder = RegisterModule("encoder", new MotionEncoder(small, config.CorrelationChannels));
        var gruInput = encoder.OutputChannels + config.ContextDim;
        gru = RegisterModule<GruCell>("gru", small
            ? new ConvGru(config.HiddenDim, gruInput)
            : new SepConvGru(config.HiddenDim, gruInput));
        flow_head = RegisterModule("flow_head", new FlowHead(config.HiddenDim, small ? 128 : 256));
        if (!small)
        {
            mask = RegisterModule("mask", new Sequential(
                new Conv2d(config.HiddenDim, 256, 3, padding: 1),
                new Lambda(Functional.Relu),
                new Conv2d(256, 64 * 9, 1)));
        }
    }

    public MotionEncoder encoder { get; }
    public GruCell gru { get; }
    public FlowHead flow_head { get; }
    public Sequential? mask { get; }

    /// <summary>The new hidden state, the upsampling mask [N, 576, h, w] (large only) and the flow change [N, 2, h, w].</summary>
    public (Tensor Hidden, Tensor? Mask, Tensor Delta) Step(Tensor hidden, Tensor context, Tensor correlation, Tensor flow)
    {
        using var scope = LibTorch.NewDisposeScope();
        var motion = encoder.Encode(flow, correlation);
        var next = gru.Step(hidden, Tensor.Cat([context, motion], 1));
        var delta = flow_head.Forward(next);
        var weights = mask is null ? null : 0.25 * mask.Forward(next);
        return (next.MoveToOuterScope(), weights?.MoveToOuterScope(), delta.MoveToOuterScope());
    }
}

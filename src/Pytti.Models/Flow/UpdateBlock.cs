using static TorchSharp.torch;
using Sequential = TorchSharp.Modules.Sequential;

namespace Pytti.Models.Flow;

/// <summary>
/// One refinement step of RAFT (upstream <c>SmallUpdateBlock</c> / <c>BasicUpdateBlock</c>): motion
/// features join the context, the GRU updates its state, the head predicts the flow change, and
/// RAFT-large also predicts the convex-upsampling weights (scaled by 0.25).
/// </summary>
internal sealed class UpdateBlock : nn.Module
{
    private readonly MotionEncoder encoder;
    private readonly GruCell gru;
    private readonly FlowHead flow_head;
    private readonly Sequential? mask;

    public UpdateBlock(RaftConfig config) : base(nameof(UpdateBlock))
    {
        var small = config.Small;
        encoder = new MotionEncoder(small, config.CorrelationChannels);
        var gruInput = encoder.OutputChannels + config.ContextDim;
        gru = small ? new ConvGru(config.HiddenDim, gruInput) : new SepConvGru(config.HiddenDim, gruInput);
        flow_head = new FlowHead(config.HiddenDim, small ? 128 : 256);
        if (!small)
            mask = nn.Sequential(nn.Conv2d(config.HiddenDim, 256, 3, padding: 1), nn.ReLU(), nn.Conv2d(256, 64 * 9, 1));
        RegisterComponents();
    }

    /// <summary>The new hidden state, the upsampling mask [N, 576, h, w] (large only) and the flow change [N, 2, h, w].</summary>
    public (Tensor Hidden, Tensor? Mask, Tensor Delta) Step(Tensor hidden, Tensor context, Tensor correlation, Tensor flow)
    {
        using var scope = NewDisposeScope();
        var motion = encoder.Encode(flow, correlation);
        var next = gru.Step(hidden, cat([context, motion], 1));
        var delta = flow_head.call(next);
        var weights = mask is null ? null : 0.25 * mask.call(next);
        return (next.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope(), delta.MoveToOuterDisposeScope());
    }
}

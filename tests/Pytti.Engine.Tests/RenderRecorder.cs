using Pytti.Engine.Rendering;
using Pytti.Scenes.Planning;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// Records what a render reports, for the render tests: every step, every saved image (as float
/// pixels and as 8-bit bytes, rounded), TorchSharp's live-tensor count after each step, and optionally the
/// engine state after one frame (the caller disposes it).
/// </summary>
internal sealed class RenderRecorder(int captureFrame = -1) : IRenderObserver
{
    public sealed record Image(long Index, long Step, float[] Pixels, byte[] Bytes);

    public List<StepRecord> Steps { get; } = [];
    public List<Image> Images { get; } = [];
    public List<long> TorchLiveAfterStep { get; } = [];
    public EngineState? State { get; private set; }

    public void OnStep(StepRecord record)
    {
        Steps.Add(record);
        GC.Collect();                                   // TorchSharp handles left to the finalizer (e.g. .grad views) are not live tensors
        GC.WaitForPendingFinalizers();
        TorchLiveAfterStep.Add(torch.Tensor.TotalCount);
    }

    public void OnImage(SavedImage image)
    {
        using var scope = torch.NewDisposeScope();
        var bytes = (image.Image * 255.0).round().clamp(0, 255).to_type(torch.ScalarType.Byte).contiguous().data<byte>().ToArray();
        Images.Add(new Image(image.Index, image.Step, image.Image.Floats(), bytes));
    }

    public void OnFrameEnd(FrameInfo frame, Func<EngineState> capture)
    {
        if (frame.Index == captureFrame) State = capture();
    }
}

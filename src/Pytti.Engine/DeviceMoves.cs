using TorchSharp;

namespace Pytti.Engine;

/// <summary>Moves a tensor the caller owns onto the device of the tensors it will meet (the render's device).</summary>
internal static class DeviceMoves
{
    /// <summary>
    /// <paramref name="owned"/> on <paramref name="device"/>, taking ownership: the original handle is disposed when
    /// the move made a new one. On the tensor's own device nothing is copied.
    /// </summary>
    public static torch.Tensor OwnedTo(this torch.Tensor owned, torch.Device device)
    {
        var moved = owned.to(device);
        if (!ReferenceEquals(moved, owned)) owned.Dispose();
        return moved;
    }
}

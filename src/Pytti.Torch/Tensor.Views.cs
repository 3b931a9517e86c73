using Pytti.Torch.Native;

namespace Pytti.Torch;

// Shapes, views and layout; joining and splitting; indexing; dtype and device moves.
public sealed partial class Tensor
{
    public Tensor Reshape(params long[] shape) => Ops.Reshape.Call(this, shape);
    public Tensor View(params long[] shape) => Ops.View.Call(this, shape);
    public Tensor Permute(params long[] dims) => Ops.Permute.Call(this, dims);
    public Tensor Transpose(long dim0, long dim1) => Ops.Transpose.Call(this, dim0, dim1);
    /// <summary>Transpose of a 2-D tensor.</summary>
    public Tensor T() => Ops.Transpose.Call(this, 0L, 1L);
    public Tensor Expand(params long[] shape) => Ops.Expand.Call(this, shape);
    public Tensor ExpandAs(Tensor other) => Ops.Expand.Call(this, other.Shape);
    public Tensor Narrow(long dim, long start, long length) => Ops.Narrow.Call(this, dim, start, length);
    /// <summary><c>x[..., start:end:step, ...]</c> along <paramref name="dim"/>; null bounds mean the ends.</summary>
    public Tensor Slice(long dim, long? start, long? end, long step = 1) =>
        Ops.Slice.Call(this, dim, start is { } s ? s : Arg.None, end is { } e ? e : Arg.None, step);
    /// <summary><c>x[..., index, ...]</c>: removes <paramref name="dim"/>.</summary>
    public Tensor Select(long dim, long index) => Ops.Select.Call(this, dim, index);
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[long index] => Select(0, index);
    public Tensor Squeeze(long dim) => Ops.SqueezeDim.Call(this, dim);
    public Tensor Squeeze() => Ops.Squeeze.Call(this);
    public Tensor Unsqueeze(long dim) => Ops.Unsqueeze.Call(this, dim);
    public Tensor Flatten(long startDim = 0, long endDim = -1) => Ops.Flatten.Call(this, startDim, endDim);
    public Tensor Contiguous() => Ops.Contiguous.Call(this);
    public Tensor Flip(params long[] dims) => Ops.Flip.Call(this, dims);
    public Tensor Roll(long[] shifts, long[] dims) => Ops.Roll.Call(this, shifts, dims);
    public Tensor Repeat(params long[] repeats) => Ops.Repeat.Call(this, repeats);

    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Ops.Cat.Call(tensors.ToArray(), dim);
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Ops.Stack.Call(tensors.ToArray(), dim);
    public Tensor[] Split(long splitSize, long dim = 0) => Ops.Split.CallTensors(this, splitSize, dim);
    public Tensor[] Split(long[] sizes, long dim = 0) => Ops.SplitWithSizes.CallTensors(this, sizes, dim);
    public Tensor[] Chunk(long chunks, long dim = 0) => Ops.Chunk.CallTensors(this, chunks, dim);
    public Tensor[] Unbind(long dim = 0) => Ops.Unbind.CallTensors(this, dim);

    public Tensor IndexSelect(long dim, Tensor index) => Ops.IndexSelect.Call(this, dim, index);
    public Tensor Gather(long dim, Tensor index) => Ops.Gather.Call(this, dim, index);
    public Tensor Scatter(long dim, Tensor index, Tensor source) => Ops.Scatter.Call(this, dim, index, source);
    public Tensor ScatterAdd(long dim, Tensor index, Tensor source) => Ops.ScatterAdd.Call(this, dim, index, source);
    /// <summary>Advanced indexing <c>x[i0, i1, ...]</c>; a null entry keeps that dimension whole.</summary>
    public Tensor Index(params Tensor?[] indices) => Ops.Index.Call(this, indices);

    /// <summary>Converts the element type (a no-op copy-free view when it already matches).</summary>
    public Tensor To(DType dtype) => Ops.ToDType.Call(this, dtype);
    public Tensor To(Device device) => Ops.ToDevice.Call(this, device, DType);
    public Tensor To(Device device, DType dtype) => Ops.ToDevice.Call(this, device, dtype);
    public Tensor Clone() => Ops.Clone.Call(this);
    /// <summary>Same data, cut from the autograd graph.</summary>
    public Tensor Detach() => Ops.Detach.Call(this);
}

using TS = TorchSharp;

namespace Pytti.Torch;

// Shapes, views and layout; joining and splitting; indexing; dtype and device moves.
public sealed partial class Tensor
{
    public Tensor Reshape(params long[] shape) => Torch.reshape(shape).Own();
    public Tensor View(params long[] shape) => Torch.view(shape).Own();
    public Tensor Permute(params long[] dims) => Torch.permute(dims).Own();
    public Tensor Transpose(long dim0, long dim1) => Torch.transpose(dim0, dim1).Own();

    /// <summary>Transpose of a 2-D tensor.</summary>
    public Tensor T() => Torch.transpose(0, 1).Own();

    public Tensor Expand(params long[] shape) => Torch.expand(shape).Own();
    public Tensor ExpandAs(Tensor other) => Torch.expand(other.Shape).Own();
    public Tensor Narrow(long dim, long start, long length) => Torch.narrow(dim, start, length).Own();

    /// <summary><c>x[..., start:end:step, ...]</c> along <paramref name="dim"/>; null bounds mean the ends.</summary>
    public Tensor Slice(long dim, long? start, long? end, long step = 1)
    {
        var d = dim < 0 ? dim + Dim : dim;
        var index = new TS.torch.TensorIndex[d + 1];
        for (var i = 0; i < d; i++) index[i] = TS.torch.TensorIndex.Colon;
        index[d] = TS.torch.TensorIndex.Slice(start, end, step);
        return Torch.index(index).Own();
    }

    /// <summary><c>x[..., index, ...]</c>: removes <paramref name="dim"/>.</summary>
    public Tensor Select(long dim, long index) => Torch.select(dim, index).Own();

    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[long index] => Select(0, index);

    public Tensor Squeeze(long dim) => Torch.squeeze(dim).Own();
    public Tensor Squeeze() => Torch.squeeze().Own();
    public Tensor Unsqueeze(long dim) => Torch.unsqueeze(dim).Own();
    public Tensor Flatten(long startDim = 0, long endDim = -1) => Torch.flatten(startDim, endDim).Own();
    public Tensor Contiguous() => Torch.contiguous().Own();
    public Tensor Flip(params long[] dims) => Torch.flip(dims).Own();
    public Tensor Roll(long[] shifts, long[] dims) => Torch.roll(shifts, dims).Own();
    public Tensor Repeat(params long[] repeats) => Torch.repeat(repeats).Own();
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0) => TS.torch.cat(tensors.Select(t => t.Torch).ToList(), dim).Own();
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0) => TS.torch.stack(tensors.Select(t => t.Torch).ToList(), dim).Own();
    public Tensor[] Split(long splitSize, long dim = 0) => Torch.split(splitSize, (int)dim).OwnAll();
    public Tensor[] Split(long[] sizes, long dim = 0) => Torch.split(sizes, dim).OwnAll();
    public Tensor[] Chunk(long chunks, long dim = 0) => Torch.chunk(chunks, dim).OwnAll();
    public Tensor[] Unbind(long dim = 0) => Torch.unbind(dim).OwnAll();
    public Tensor IndexSelect(long dim, Tensor index) => Torch.index_select(dim, index.Torch).Own();
    public Tensor Gather(long dim, Tensor index) => Torch.gather(dim, index.Torch).Own();
    public Tensor Scatter(long dim, Tensor index, Tensor source) => Torch.scatter(dim, index.Torch, source.Torch).Own();
    public Tensor ScatterAdd(long dim, Tensor index, Tensor source) => Torch.scatter_add(dim, index.Torch, source.Torch).Own();

    /// <summary>Advanced indexing <c>x[i0, i1, ...]</c>; a null entry keeps that dimension whole.</summary>
    public Tensor Index(params Tensor?[] indices) =>
        Torch.index(indices.Select(i => i is null ? TS.torch.TensorIndex.Colon : TS.torch.TensorIndex.Tensor(i.Torch)).ToArray()).Own();

    /// <summary>Converts the element type (a no-op copy-free view when it already matches).</summary>
    public Tensor To(DType dtype) => Torch.to_type(dtype.ToTorch()).Own();
    public Tensor To(Device device) => Torch.to(device.ToTorch()).Own();
    public Tensor To(Device device, DType dtype) => Torch.to(dtype.ToTorch(), device.ToTorch()).Own();
    public Tensor Clone() => Torch.clone().Own();

    /// <summary>Same data, cut from the autograd graph.</summary>
    public Tensor Detach() => Torch.detach().Own();
}

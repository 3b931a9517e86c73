using Pytti.Torch.Native;

namespace Pytti.Torch;

// Creation: from managed arrays, constant fills, ranges, random draws.
public sealed partial class Tensor
{
    // An empty shape means a 1-D tensor of the data's length; pass FromScalar for 0-dim tensors.
    public static Tensor From(float[] data, params long[] shape) => FromSpan<float>(data, DType.Float32, shape);
    public static Tensor From(double[] data, params long[] shape) => FromSpan<double>(data, DType.Float64, shape);
    public static Tensor From(long[] data, params long[] shape) => FromSpan<long>(data, DType.Int64, shape);
    public static Tensor From(int[] data, params long[] shape) => FromSpan<int>(data, DType.Int32, shape);
    public static Tensor From(byte[] data, params long[] shape) => FromSpan<byte>(data, DType.UInt8, shape);
    public static Tensor From(Half[] data, params long[] shape) => FromSpan<Half>(data, DType.Float16, shape);

    public static Tensor From(bool[] data, params long[] shape)
    {
        var bytes = new byte[data.Length];
        for (var i = 0; i < data.Length; i++) bytes[i] = data[i] ? (byte)1 : (byte)0;
        return FromBytes(bytes, DType.Bool, shape);
    }

    /// <summary>A 0-dim float32 tensor.</summary>
    public static Tensor FromScalar(float value) => CreateFromMemory(BitConverter.GetBytes(value), DType.Float32, [], Device.Cpu);

    public static Tensor FromScalar(double value, DType dtype)
    {
        using var t = CreateFromMemory(BitConverter.GetBytes(value), DType.Float64, [], Device.Cpu);
        return t.To(dtype);
    }

    /// <summary>A tensor from raw little-endian bytes of <paramref name="dtype"/> (e.g. weight files).</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> bytes, DType dtype, long[] shape, Device? device = null)
    {
        var expected = checked(NumElementsOf(shape) * dtype.ElementSize());
        if (bytes.Length != expected)
            throw new ArgumentException($"{bytes.Length} bytes given for a {dtype.TorchName()} tensor of shape [{string.Join(", ", shape)}] ({expected} bytes)");
        return CreateFromMemory(bytes, dtype, shape, device ?? Device.Cpu);
    }

    private static Tensor FromSpan<T>(ReadOnlySpan<T> data, DType dtype, long[] shape) where T : unmanaged
    {
        if (shape.Length == 0) shape = [data.Length];
        var n = NumElementsOf(shape);
        if (n != data.Length)
            throw new ArgumentException($"{data.Length} values given for shape [{string.Join(", ", shape)}] ({n} elements)");
        return CreateFromMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data), dtype, shape, Device.Cpu);
    }

    private static unsafe Tensor CreateFromMemory(ReadOnlySpan<byte> bytes, DType dtype, long[] shape, Device device)
    {
        fixed (byte* p = bytes)
        fixed (long* s = shape)
        {
            Checked.Check(NativeMethods.pt_tensor_from_data(p, (int)dtype, s, shape.Length, (int)device.Type, device.Index, out var ptr));
            return new Tensor(ptr);
        }
    }

    internal static long NumElementsOf(long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(", ", shape)}]");
            n = checked(n * d);
        }
        return n;
    }

    public static Tensor Zeros(long[] shape, DType dtype = DType.Float32, Device? device = null) =>
        Ops.Zeros.Call(shape, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Ones(long[] shape, DType dtype = DType.Float32, Device? device = null) =>
        Ops.Ones.Call(shape, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Full(long[] shape, Scalar value, DType dtype = DType.Float32, Device? device = null) =>
        Ops.Full.Call(shape, value, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Empty(long[] shape, DType dtype = DType.Float32, Device? device = null) =>
        Ops.Empty.Call(shape, dtype, Arg.Default, device ?? Device.Cpu);

    public static Tensor Eye(long n, DType dtype = DType.Float32, Device? device = null) =>
        Ops.Eye.Call(n, dtype, Arg.Default, device ?? Device.Cpu);

    public Tensor ZerosLike() => Ops.ZerosLike.Call(this);
    public Tensor OnesLike() => Ops.OnesLike.Call(this);
    public Tensor FullLike(Scalar value) => Ops.FullLike.Call(this, value);

    /// <summary>Uniform [0, 1).</summary>
    public static Tensor Rand(long[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null) =>
        Ops.RandGenerator.Call(shape, generator, dtype, Arg.Default, device ?? Device.Cpu);

    /// <summary>Standard normal.</summary>
    public static Tensor RandN(long[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null) =>
        Ops.RandNGenerator.Call(shape, generator, dtype, Arg.Default, device ?? Device.Cpu);

    /// <summary>Integers uniform in [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, Generator? generator = null, DType dtype = DType.Int64, Device? device = null) =>
        Ops.RandIntLowGenerator.Call(low, high, shape, generator, dtype, Arg.Default, device ?? Device.Cpu);

    public Tensor RandLike(Generator? generator = null) => Rand(Shape, generator, DType, Device);
    public Tensor RandNLike(Generator? generator = null) => RandN(Shape, generator, DType, Device);

    public static Tensor Arange(Scalar end, DType? dtype = null, Device? device = null) =>
        Ops.Arange.Call(end, Arg.OptionalDType(dtype), Arg.Default, device ?? Device.Cpu);

    public static Tensor Arange(Scalar start, Scalar end, Scalar step, DType? dtype = null, Device? device = null) =>
        Ops.ArangeStartStep.Call(start, end, step, Arg.OptionalDType(dtype), Arg.Default, device ?? Device.Cpu);

    public static Tensor Linspace(double start, double end, long steps, DType dtype = DType.Float32, Device? device = null) =>
        Ops.Linspace.Call(start, end, steps, dtype, Arg.Default, device ?? Device.Cpu);
}

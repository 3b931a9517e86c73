using System.Runtime.InteropServices;
using TS = TorchSharp;

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
        return FromBytes(bytes, DType.Bool, shape.Length == 0 ? [data.Length] : shape);
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
        return CreateFromMemory(MemoryMarshal.AsBytes(data), dtype, shape, Device.Cpu);
    }

    // The bytes are copied into a new CPU tensor, then moved to the device.
    private static Tensor CreateFromMemory(ReadOnlySpan<byte> bytes, DType dtype, long[] shape, Device device) =>
        TorchTensors.FromBytes(bytes, dtype, shape, device).Own();

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
        TS.torch.zeros(shape, dtype.ToTorch(), device.ToTorch()).Own();

    public static Tensor Ones(long[] shape, DType dtype = DType.Float32, Device? device = null) =>
        TS.torch.ones(shape, dtype.ToTorch(), device.ToTorch()).Own();

    public static Tensor Full(long[] shape, Scalar value, DType dtype = DType.Float32, Device? device = null) =>
        TorchConvert.With(value, v => TS.torch.full(shape, v, dtype.ToTorch(), device.ToTorch()));

    public static Tensor Empty(long[] shape, DType dtype = DType.Float32, Device? device = null) =>
        TS.torch.empty(shape, dtype.ToTorch(), device.ToTorch()).Own();

    public static Tensor Eye(long n, DType dtype = DType.Float32, Device? device = null) =>
        TS.torch.eye(n, n, dtype.ToTorch(), device.ToTorch()).Own();

    public Tensor ZerosLike() => TS.torch.zeros_like(Torch).Own();
    public Tensor OnesLike() => TS.torch.ones_like(Torch).Own();
    public Tensor FullLike(Scalar value) => TorchConvert.With(value, v => TS.torch.full_like(Torch, v));

    /// <summary>Uniform [0, 1).</summary>
    public static Tensor Rand(long[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null) =>
        TS.torch.rand(shape, dtype.ToTorch(), device.ToTorch(), generator: generator?.Torch).Own();

    /// <summary>Standard normal.</summary>
    public static Tensor RandN(long[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null) =>
        TS.torch.randn(shape, dtype.ToTorch(), device.ToTorch(), generator: generator?.Torch).Own();

    /// <summary>Integers uniform in [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, Generator? generator = null, DType dtype = DType.Int64, Device? device = null) =>
        TS.torch.randint(low, high, shape, dtype.ToTorch(), device.ToTorch(), generator: generator?.Torch).Own();

    public Tensor RandLike(Generator? generator = null) => Rand(Shape, generator, DType, Device);
    public Tensor RandNLike(Generator? generator = null) => RandN(Shape, generator, DType, Device);

    public static Tensor Arange(Scalar end, DType? dtype = null, Device? device = null) =>
        TorchConvert.With(end, e => TS.torch.arange(e, dtype.ToTorch(), device.ToTorch()));

    public static Tensor Arange(Scalar start, Scalar end, Scalar step, DType? dtype = null, Device? device = null)
    {
        using var s = start.ToTorch();
        return TorchConvert.With(end, step, (e, st) => TS.torch.arange(s, e, st, dtype.ToTorch(), device.ToTorch()));
    }

    public static Tensor Linspace(double start, double end, long steps, DType dtype = DType.Float32, Device? device = null) =>
        TS.torch.linspace(start, end, steps, dtype.ToTorch(), device.ToTorch()).Own();
}

using System.Runtime.InteropServices;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary><see cref="TensorRecord.ToContiguousBytes(DType)"/> widens float16/bfloat16 exactly and converts other dtypes on request.</summary>
public sealed class DTypeConversionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TensorRecord Stored(DType dtype, byte[] data)
    {
        string path = _dir.File("t.safetensors");
        long count = data.Length / dtype.ElementSize();
        SafeTensorsWriter.Write(path, [("t", dtype, [count], data)]);
        return WeightFile.Load(path)["t"];
    }

    private static byte[] Bits(params ushort[] values) => MemoryMarshal.AsBytes<ushort>(values).ToArray();

    private static float[] Floats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    [Fact]
    public void Float16WidensToTheExactFloat32Values()
    {
        // 1, -2, 1/3 rounded, largest normal, smallest subnormal, -0, +inf
        var tensor = Stored(DType.Float16, Bits(0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x8000, 0x7C00));

        float[] values = Floats(tensor.ToContiguousBytes(DType.Float32));

        Assert.Equal([1f, -2f, 0.333251953125f, 65504f, 5.9604644775390625e-08f, -0f, float.PositiveInfinity], values);
        Assert.True(float.IsNegative(values[5]));
    }

    [Fact]
    public void BFloat16WidensByShiftingIntoTheHighHalf()
    {
        var tensor = Stored(DType.BFloat16, Bits(0x3F80, 0xC040, 0x4049, 0x7F80, 0x0080));

        Assert.Equal([1f, -3f, 3.140625f, float.PositiveInfinity, 1.17549435e-38f], Floats(tensor.ToContiguousBytes(DType.Float32)));
    }

    [Fact]
    public void Float32NarrowsToBFloat16RoundingToNearestEven()
    {
        // 1 + 2^-8 is a tie between 1 and 1 + 2^-7: even mantissa (1) wins; 1 + 3*2^-8 rounds up.
        var tensor = Stored(DType.Float32, MemoryMarshal.AsBytes<float>([1f + 1f / 256, 1f + 3f / 256, float.NaN]).ToArray());

        ushort[] bits = MemoryMarshal.Cast<byte, ushort>(tensor.ToContiguousBytes(DType.BFloat16)).ToArray();

        Assert.Equal(new ushort[] { 0x3F80, 0x3F82, 0x7FC0 }, bits);
    }

    [Fact]
    public void SameDTypeIsReturnedUnchangedAndIntegersConvertToFloat64()
    {
        var tensor = Stored(DType.Int64, MemoryMarshal.AsBytes<long>([-3, 0, 1L << 40]).ToArray());

        Assert.Equal(tensor.ToContiguousBytes(), tensor.ToContiguousBytes(DType.Int64));
        Assert.Equal([-3d, 0d, 1099511627776d], MemoryMarshal.Cast<byte, double>(tensor.ToContiguousBytes(DType.Float64)).ToArray());
    }
}

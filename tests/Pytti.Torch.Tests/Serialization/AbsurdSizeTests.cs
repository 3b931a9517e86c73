using System.Text;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// Files that claim absurd sizes, strides or offsets are refused as corrupt before anything that big is
/// read or allocated: the claims are checked against the file with arithmetic that cannot wrap around.
/// </summary>
public sealed class AbsurdSizeTests : IDisposable
{
    // Far more than any claim-sized allocation would take, far less than the claims themselves.
    private const long AllocationBound = 64L << 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Inspecting (records) and loading (tensors, safetensors data through TorchSharp.PyBridge) refuse alike.
    private static WeightFormatException RefusedWithoutAllocating(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<WeightFormatException>(() =>
        {
            foreach (var tensor in WeightFile.Load(path).Values) tensor.ToContiguousBytes();
        });
        var loadError = Assert.Throws<WeightFormatException>(() => Weights.LoadTorch(path));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, AllocationBound);
        Assert.Equal(WeightErrorCodes.Corrupt, error.Code);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Equal(error.Message, loadError.Message);
        return error;
    }

    private string SafeTensors(string header)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        return _dir.Write("absurd.safetensors", [.. BitConverter.GetBytes((long)json.Length), .. json, .. new byte[8]]);
    }

    [Theory]
    [InlineData("[4611686018427387904]", "[0,0]")]                   // 2^62 float32 elements: 2^64 bytes wrap around to 0
    [InlineData("[4611686018427387904]", "[]")]
    [InlineData("[4294967296,4294967296,4294967296]", "[0,0]")]     // the element count itself overflows
    public void A_safetensors_shape_whose_size_overflows_is_refused(string shape, string offsets)
    {
        string path = SafeTensors($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":{offsets}}}}}");

        var error = RefusedWithoutAllocating(path);

        Assert.Contains("tensor 'w'", error.Message);
    }

    [Fact]
    public void A_safetensors_overflowing_shape_names_the_shape()
    {
        string path = SafeTensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}");

        var error = RefusedWithoutAllocating(path);

        Assert.Contains("tensor 'w' claims shape [4611686018427387904], more bytes than any file holds", error.Message);
    }

    [Fact]
    public void A_safetensors_offset_past_the_end_of_a_long_is_refused()
    {
        string path = SafeTensors("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[9223372036854775806,9223372036854775807]}}");

        RefusedWithoutAllocating(path);
    }

    [Fact]
    public void A_zip_storage_claiming_2_to_the_62_elements_is_refused()
    {
        var pickle = new PickleBuilder().Op('}').Str("w")
            .Tensor("FloatStorage", "0", 1L << 62, 0, [1L << 40], [1]).Op('s').Stop();
        string path = _dir.File("huge-storage.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = new byte[16] });

        var error = RefusedWithoutAllocating(path);

        Assert.Contains("tensor 'w'", error.Message);
    }

    [Fact]
    public void A_zip_view_whose_strides_overflow_is_refused()
    {
        var pickle = new PickleBuilder().Op('}').Str("w")
            .Tensor("FloatStorage", "0", 4, 0, [1L << 32, 2], [1L << 32, 1L << 62]).Op('s').Stop();
        string path = _dir.File("huge-stride.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = new byte[16] });

        RefusedWithoutAllocating(path);
    }

    [Fact]
    public void A_zip_storage_offset_past_the_end_of_a_long_is_refused()
    {
        var pickle = new PickleBuilder().Op('}').Str("w")
            .Tensor("FloatStorage", "0", 4, long.MaxValue - 1, [4], [1]).Op('s').Stop();
        string path = _dir.File("huge-offset.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = new byte[16] });

        RefusedWithoutAllocating(path);
    }

    [Fact]
    public void A_zip64_directory_claiming_long_MaxValue_bytes_is_refused()
    {
        var record = new byte[56];                                      // zip64 end record: size at 40, offset at 48
        BitConverter.GetBytes(0x06064b50u).CopyTo(record, 0);
        BitConverter.GetBytes(long.MaxValue).CopyTo(record, 40);
        BitConverter.GetBytes(1L).CopyTo(record, 48);
        var locator = new byte[20];                                     // where the zip64 end record is
        BitConverter.GetBytes(0x07064b50u).CopyTo(locator, 0);
        BitConverter.GetBytes(30L).CopyTo(locator, 8);
        var end = new byte[22];
        BitConverter.GetBytes(0x06054b50u).CopyTo(end, 0);
        byte[] localHeader = [.. "PK\u0003\u0004"u8, .. new byte[26]];
        string path = _dir.Write("zip64.pt", [.. localHeader, .. record, .. locator, .. end]);

        var error = RefusedWithoutAllocating(path);

        Assert.Contains("the zip's central directory lies outside the file", error.Message);
    }
}

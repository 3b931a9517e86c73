using System.IO.Compression;
using Pytti.Testing;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// Damaged files (pickles cut short, flipped bytes anywhere) never fail with anything but a
/// <see cref="WeightFormatException"/> that names the file, whether at load time or when tensors are read.
/// </summary>
public sealed class DamagedFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (byte[] Pickle, Dictionary<string, byte[]> Storages) RaftFixture()
    {
        using var zip = ZipFile.OpenRead(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        byte[] Read(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        var pickle = Read(zip.Entries.Single(e => e.FullName.EndsWith("/data.pkl")));
        var storages = zip.Entries.Where(e => e.FullName.Contains("/data/")).ToDictionary(e => e.Name, Read);
        return (pickle, storages);
    }

    private void AssertLoadsOrFailsCleanly(byte[] pickle, Dictionary<string, byte[]> storages, string name)
    {
        string path = _dir.File(name);
        TorchZipBuilder.Write(path, pickle, storages);
        AssertLoadsOrFailsCleanly(path);
    }

    private static void AssertLoadsOrFailsCleanly(string path)
    {
        try
        {
            foreach (var tensor in WeightFile.Load(path).Values) tensor.ToContiguousBytes();
        }
        catch (WeightFormatException e)
        {
            Assert.StartsWith(path + ": ", e.Message);
        }
    }

    [Fact]
    public void CutShortPicklesFailWithWeightFormatException()
    {
        var (pickle, storages) = RaftFixture();

        for (int cut = 0; cut < pickle.Length; cut += 499)
        {
            string path = _dir.File($"cut{cut}.pt");
            TorchZipBuilder.Write(path, pickle[..cut], storages);
            var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));
            Assert.StartsWith(path + ": ", error.Message);
        }
    }

    [Fact]
    public void PicklesWithFlippedBytesLoadOrFailWithWeightFormatException()
    {
        var (pickle, storages) = RaftFixture();
        var random = new Random(1234);

        for (int trial = 0; trial < 30; trial++)
        {
            byte[] damaged = [.. pickle];
            for (int flips = 0; flips < 3; flips++)
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            AssertLoadsOrFailsCleanly(damaged, storages, $"flip{trial}.pt");
        }
    }

    [Fact]
    public void SmallFilesOfEveryFormatWithFlippedBytesLoadOrFailWithWeightFormatException()
    {
        var random = new Random(99);
        foreach (var (name, original) in SmallFiles())
        {
            for (int trial = 0; trial < 100; trial++)
            {
                byte[] damaged = [.. original];
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                AssertLoadsOrFailsCleanly(_dir.Write($"{trial}-{name}", damaged));
            }
        }
    }

    private IEnumerable<(string Name, byte[] Bytes)> SmallFiles()
    {
        var pickle = new PickleBuilder().Op('}').Mark()
            .Str("a").Tensor("FloatStorage", "0", 6, 0, [2, 3], [3, 1])
            .Str("b").Tensor("HalfStorage", "1", 4, 1, [3], [1])
            .Op('u').Stop();
        string zip = _dir.File("small.pt");
        TorchZipBuilder.Write(zip, pickle, new Dictionary<string, byte[]> { ["0"] = new byte[24], ["1"] = new byte[8] });
        yield return ("small.pt", File.ReadAllBytes(zip));
        string safetensors = _dir.File("small.safetensors");
        SafeTensorsWriter.Write(safetensors, [("a", DType.Float32, [2, 3], new byte[24]), ("b", DType.Int64, [], new byte[8])], new Dictionary<string, string> { ["k"] = "v" });
        yield return ("small.safetensors", File.ReadAllBytes(safetensors));
    }
}

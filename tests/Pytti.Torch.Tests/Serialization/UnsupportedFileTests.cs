using System.IO.Compression;
using Pytti.Testing;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>Files that are not weights, or damaged ones, fail with a message that names the file and says what to do.</summary>
public sealed class UnsupportedFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static WeightFormatException LoadFails(string path) => Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

    [Theory]
    [InlineData("raft_pair_1.png", "this is a PNG image, not a weight file")]
    [InlineData("mountain.jpeg", "this is a JPEG image, not a weight file")]
    public void ImagesAreNamedAsSuch(string image, string problem)
    {
        string path = SharedFixtures.Path("fixtures", "real", image);

        var error = LoadFails(path);

        Assert.Equal(WeightErrorCodes.UnsupportedFormat, error.Code);
        Assert.Equal($"{path}: {problem}. Pass a .safetensors file or a PyTorch checkpoint (.pt, .pth, .ckpt, .bin) written by torch.save or torch.jit.save", error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Theory]
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n", "this is a Git LFS pointer, not the weights themselves (run 'git lfs pull' to fetch them)")]
    [InlineData("{\"weight_map\": {}}", "this is a JSON file (a sharded checkpoint's index lists the shard files to load instead)")]
    [InlineData("hello world", "the content is not a known weight format (first bytes: 68656C6C6F20776F)")]
    public void TextFilesAreDescribed(string content, string problem)
    {
        string path = _dir.Write("model.bin", System.Text.Encoding.UTF8.GetBytes(content));

        Assert.StartsWith($"{path}: {problem}. ", LoadFails(path).Message);
    }

    [Fact]
    public void MissingFileSaysSo()
    {
        string path = _dir.File("nope.pt");

        var error = LoadFails(path);

        Assert.Equal(WeightErrorCodes.FileNotFound, error.Code);
        Assert.Equal($"{path}: the file does not exist. Check the path", error.Message);
    }

    [Fact]
    public void EmptyFileSaysSo()
    {
        string path = _dir.Write("empty.pt", []);

        Assert.StartsWith($"{path}: the file is empty. ", LoadFails(path).Message);
    }

    [Fact]
    public void TruncatedTorchZipIsCorrupt()
    {
        byte[] whole = File.ReadAllBytes(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        string path = _dir.Write("cut.pth", whole[..(whole.Length / 2)]);

        var error = LoadFails(path);

        Assert.Equal(WeightErrorCodes.Corrupt, error.Code);
        Assert.Equal($"{path}: the zip has no end-of-central-directory record (the file is cut short). The file is damaged or truncated; download or export it again", error.Message);
    }

    [Fact]
    public void TruncatedLegacyFileIsCorrupt()
    {
        byte[] whole = File.ReadAllBytes(SharedFixtures.Path("models", "raft-small.pth"));
        string path = _dir.Write("cut.pth", whole[..(whole.Length - 1000)]);

        var error = LoadFails(path);

        Assert.Equal(WeightErrorCodes.Corrupt, error.Code);
        Assert.Contains(path + ": storage '", error.Message);
    }

    [Fact]
    public void ZipWithoutDataPickleIsNotACheckpoint()
    {
        string path = _dir.File("notes.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("readme.txt").Open())
            entry.Write("hello"u8);

        var error = LoadFails(path);

        Assert.Equal(WeightErrorCodes.UnsupportedFormat, error.Code);
        Assert.Contains("the zip holds no data.pkl, so it is not a PyTorch checkpoint", error.Message);
    }

    [Fact]
    public void QuantizedTensorsAreRejectedClearly()
    {
        var pickle = new PickleBuilder().Op('}').Str("q").Global("torch._utils", "_rebuild_qtensor").Mark().Int(0).Op('t').Op('R').Op('s').Stop();
        string path = _dir.File("quant.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]>());

        var error = LoadFails(path);

        Assert.Equal(WeightErrorCodes.UnsupportedContent, error.Code);
        Assert.Contains("tensor 'q' is a quantized tensor (torch._utils._rebuild_qtensor), which this reader does not support", error.Message);
    }

    [Fact]
    public void QuantizedTensorsOutsideTheStateDictDoNotStopLoading()
    {
        var pickle = new PickleBuilder().Op('}').Mark()
            .Str("state_dict").Op('}').Str("w").Tensor("FloatStorage", "0", 1, 0, [1], [1]).Op('s')
            .Str("quantized_copy").Global("torch._utils", "_rebuild_qtensor").Mark().Int(0).Op('t').Op('R')
            .Op('u').Stop();
        string path = _dir.File("lightning.ckpt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = new byte[4] });

        var dict = WeightFile.Load(path);

        Assert.Equal(WeightFormat.LightningCheckpoint, dict.Format);
        Assert.Equal(["w"], dict.Keys);
    }
}

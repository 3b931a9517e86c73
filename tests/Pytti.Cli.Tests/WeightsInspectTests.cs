using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti weights inspect</c> run in-process on the shared fixtures.</summary>
public sealed class WeightsInspectTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pytti-weights-cli", Guid.NewGuid().ToString("N"));

    public WeightsInspectTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(null, args);

    [Fact]
    public void Table_lists_every_tensor_with_dtype_shape_and_totals()
    {
        var path = SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth");

        var (exit, output, error) = Run("weights", "inspect", path);

        Assert.Equal(PyttiApp.ExitOk, exit);
        Assert.Equal("", error);
        Assert.Contains($"File: {path}", output);
        Assert.Contains("Format: torch-zip", output);
        Assert.Matches(@"│ module\.fnet\.conv1\.weight +│ float32 │ \[32, 3, 7, 7\] +│ +4,704 │", output);
        Assert.Equal(106, output.Split('\n').Count(line => line.Contains("│ module.")));
        Assert.Contains("106 tensors, 990,162 parameters", output);
    }

    [Fact]
    public void Table_shows_torchscript_scalars_as_zero_dim_int64()
    {
        var (exit, output, _) = Run("weights", "inspect", SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt"));

        Assert.Equal(PyttiApp.ExitOk, exit);
        Assert.Contains("Format: torchscript", output);
        Assert.Matches(@"│ vocab_size +│ int64 +│ \[\] +│ +1 │", output);
        Assert.Contains("65 tensors, 3,425,860 parameters", output);
    }

    [Fact]
    public void Json_has_the_documented_fields()
    {
        var path = SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt");

        var (exit, output, _) = Run("weights", "inspect", path, "--json");

        Assert.Equal(PyttiApp.ExitOk, exit);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        Assert.Equal("lightning-checkpoint", root.GetProperty("format").GetString());
        Assert.Equal(165, root.GetProperty("tensor_count").GetInt32());
        Assert.Equal(165, root.GetProperty("tensors").GetArrayLength());
        var embedding = root.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "quantize.embedding.weight");
        Assert.Equal("float32", embedding.GetProperty("dtype").GetString());
        Assert.Equal([16, 8], embedding.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(128, embedding.GetProperty("numel").GetInt64());
        Assert.Equal(root.GetProperty("tensors").EnumerateArray().Sum(t => t.GetProperty("numel").GetInt64()), root.GetProperty("parameter_count").GetInt64());
    }

    [Fact]
    public void Json_carries_safetensors_metadata()
    {
        var (_, output, _) = Run("weights", "inspect", SharedFixtures.Path("fixtures", "clip", "tiny_rn.safetensors"), "--json");

        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("safetensors", root.GetProperty("format").GetString());
        Assert.Contains("embed_dim", root.GetProperty("metadata").GetProperty("constructor_args").GetString());
    }

    [Fact]
    public void An_image_is_a_user_error_naming_the_file()
    {
        var path = SharedFixtures.Path("fixtures", "real", "raft_pair_1.png");

        var (exit, output, error) = Run("weights", "inspect", path);

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Equal("", output);
        Assert.Equal($"pytti: error PYTTI101: {path}: this is a PNG image, not a weight file. Pass a .safetensors file or a PyTorch checkpoint (.pt, .pth, .ckpt, .bin) written by torch.save or torch.jit.save", error.TrimEnd());
    }

    [Fact]
    public void A_truncated_checkpoint_is_reported_as_corrupt()
    {
        var whole = File.ReadAllBytes(SharedFixtures.Path("fixtures", "clip", "tiny_rn.pt"));
        var path = Path.Combine(_dir, "half.pt");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var (exit, _, error) = Run("weights", "inspect", path);

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.StartsWith($"pytti: error PYTTI102: {path}: the zip has no end-of-central-directory record", error);
    }

    [Fact]
    public void A_missing_file_is_a_user_error()
    {
        var (exit, _, error) = Run("weights", "inspect", "no-such-file.pt");

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Equal($"pytti: error PYTTI100: {Path.GetFullPath("no-such-file.pt")}: the file does not exist. Check the path", error.TrimEnd());
    }

    [Fact]
    public void Help_documents_the_json_fields()
    {
        var (_, output, _) = Run("weights", "inspect", "--help");

        foreach (var field in new[] { "\"file\"", "\"format\"", "\"tensor_count\"", "\"parameter_count\"", "\"metadata\"", "\"tensors\"", "\"numel\"" })
            Assert.Contains(field, output);
    }
}

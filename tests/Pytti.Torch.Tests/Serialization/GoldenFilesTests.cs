using System.Text.RegularExpressions;
using Pytti.Testing;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>The golden safetensors files hold exactly the tensors (name, dtype, shape) their README tables list.</summary>
public sealed partial class GoldenFilesTests
{
    [Theory]
    [InlineData("clip", "golden_vit.safetensors")]
    [InlineData("clip", "golden_rn.safetensors")]
    [InlineData("vqgan", "golden.safetensors")]
    [InlineData("raft", "golden.safetensors")]
    [InlineData("raft", "golden_large.safetensors")]
    [InlineData("depth", "golden.safetensors")]
    public void GoldenFileMatchesItsReadmeTable(string folder, string file)
    {
        var dict = WeightFile.Load(SharedFixtures.Path("fixtures", folder, file));
        string readme = File.ReadAllText(SharedFixtures.Path("fixtures", folder, "README.md"));

        var expected = TableRow().Matches(readme)
            .Select(m => $"{m.Groups["name"].Value} {DTypeName(m.Groups["dtype"].Value)} [{m.Groups["shape"].Value.Replace(" ", "")}]")
            .Distinct().Order();
        var actual = dict.Values.Select(t => $"{t.Name} {t.DType.TorchName()} [{string.Join(",", t.Shape)}]").Order();

        Assert.Equal(expected, actual);
        Assert.All(dict.Values, t => Assert.Equal(t.NumElements * t.DType.ElementSize(), t.ToContiguousBytes().Length));
    }

    [Theory]
    [InlineData("optim/adam_golden.safetensors", "target float32 [3,8,8]", "trajectory float32 [20,3,8,8]", "x0 float32 [3,8,8]")]
    [InlineData("real/raft_small_real_golden.safetensors", "flow_low float32 [1,2,24,37]", "flow_up float32 [1,2,192,296]", "image1 float32 [1,3,192,296]", "image2 float32 [1,3,192,296]")]
    public void OtherGoldenFilesHoldTheDescribedTensors(string relative, params string[] expected)
    {
        var dict = WeightFile.Load(SharedFixtures.Path(["fixtures", .. relative.Split('/')]));

        Assert.Equal(expected, dict.Values.Select(t => $"{t.Name} {t.DType.TorchName()} [{string.Join(",", t.Shape)}]").Order());
    }

    private static string DTypeName(string safetensorsName) => safetensorsName switch
    {
        "F32" => "float32",
        "I64" => "int64",
        _ => safetensorsName,
    };

    // | `name` | F32 | [4, 3, 64, 64] | 0.9725 |
    [GeneratedRegex(@"^\| `(?<name>\w+)` \| (?<dtype>[A-Z0-9]+) \| \[(?<shape>[0-9, ]*)\] \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}

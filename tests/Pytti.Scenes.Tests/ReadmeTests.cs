using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using Pytti.Testing;

namespace Pytti.Scenes.Tests;

/// <summary>src/Pytti.Scenes/README.md documents every error code and every parameter.</summary>
public class ReadmeTests
{
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(SharedFixtures.RepoRoot, "src", "Pytti.Scenes", "README.md")));

    [Fact]
    public void Every_error_code_is_documented()
    {
        foreach (var (code, summary) in ErrorCodes.All)
            Assert.Contains($"| `{code}` | {summary} |", Readme.Value);
    }

    [Fact]
    public void Codes_are_unique_and_in_range()
    {
        var codes = ErrorCodes.All.Select(c => c.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^PYTTI0[0-9][1-9]$|^PYTTI0[1-9]0$", c));
    }

    [Fact]
    public void Every_parameter_is_documented()
    {
        foreach (var parameter in ParameterSchema.All)
            Assert.Contains($"| `{parameter.Name}` | {parameter.Type} |", Readme.Value);
    }
}

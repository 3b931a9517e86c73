namespace Pytti.Build.Tests;

public class ToolOutputLineTests
{
    [Fact]
    public void Json_event_line_is_an_event_with_its_body()
    {
        var line = ToolOutputLine.Parse("""{"event":"image","index":2,"step":1,"path":"/o/a_2.png","sha256":"ab"}""");
        var e = Assert.IsType<ToolOutputLine.Event>(line);
        Assert.Equal("image", e.Name);
        Assert.Equal("/o/a_2.png", e.Body.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("""{"no_event":1}""")]
    [InlineData("""{"event":3}""")]
    [InlineData("""{"event":"step",""")]
    public void Json_that_is_not_an_event_is_text(string text) =>
        Assert.Equal(new ToolOutputLine.Text(text), ToolOutputLine.Parse(text));

    [Fact]
    public void Scene_error_with_location()
    {
        var d = Assert.IsType<ToolOutputLine.Diagnostic>(ToolOutputLine.Parse("/c/scenes/a b(1).pytti.yaml(12,5): error PYTTI012: 'width' must be a number: not 'x'"));
        Assert.Equal(new ToolOutputLine.Diagnostic(false, "PYTTI012", "/c/scenes/a b(1).pytti.yaml", 12, 5, "'width' must be a number: not 'x'"), d);
    }

    [Fact]
    public void Scene_error_without_line_or_without_file()
    {
        Assert.Equal(new ToolOutputLine.Diagnostic(false, "PYTTI029", "/c/a.pytti.yaml", 0, 0, "missing"), ToolOutputLine.Parse("/c/a.pytti.yaml: error PYTTI029: missing"));
        Assert.Equal(new ToolOutputLine.Diagnostic(false, "PYTTI001", "", 0, 0, "no file"), ToolOutputLine.Parse("error PYTTI001: no file"));
    }

    [Fact]
    public void Warning_line_is_a_warning() =>
        Assert.True(Assert.IsType<ToolOutputLine.Diagnostic>(ToolOutputLine.Parse("a.pytti.yaml(3,1): warning PYTTI050: unused key")).IsWarning);

    [Fact]
    public void Tool_error_with_code_and_usage_error_without()
    {
        Assert.Equal(new ToolOutputLine.ToolError("PYTTI121", "model 'ViT-B/32' is not in the store"), ToolOutputLine.Parse("pytti: error PYTTI121: model 'ViT-B/32' is not in the store"));
        Assert.Equal(new ToolOutputLine.ToolError(null, "Unrecognized command or argument '--cache-dir'."), ToolOutputLine.Parse("pytti: error: Unrecognized command or argument '--cache-dir'."));
    }

    [Theory]
    [InlineData("2 error(s); nothing was rendered.")]
    [InlineData("   at Pytti.Engine.Foo() in /src/Foo.cs:line 3")]
    [InlineData("")]
    public void Anything_else_is_text(string text) =>
        Assert.IsType<ToolOutputLine.Text>(ToolOutputLine.Parse(text));

    [Fact]
    public void Carriage_return_is_dropped() =>
        Assert.Equal(new ToolOutputLine.Diagnostic(false, "PYTTI002", "a.yaml", 1, 2, "m"), ToolOutputLine.Parse("a.yaml(1,2): error PYTTI002: m\r"));
}

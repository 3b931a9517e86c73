namespace Pytti.Scenes.Tests;

public class SmokeTests
{
    [Fact]
    public void Minimal_scene_loads_with_defaults()
    {
        var doc = TempScene.Document("scenes: a cat | a dog:2 || sunset:1_r:0.5\n");
        Assert.Equal(2, doc.Scenes.Count);
        Assert.Equal(["ViTB32"], doc.Perceptors);
        Assert.Equal(512, doc.Values.Width);
    }

    [Fact]
    public void Errors_are_printed_with_locations()
    {
        var errors = TempScene.Errors("scenes: a\nwidht: 3\nsteps_per_scene: abc\n");
        Assert.Equal(
        [
            "scene.pytti.yaml(2,1): error PYTTI005: unknown parameter 'widht'; did you mean 'width'?",
            "scene.pytti.yaml(3,18): error PYTTI009: 'steps_per_scene' must be a whole number >= 1, not 'abc'",
        ], errors);
    }
}

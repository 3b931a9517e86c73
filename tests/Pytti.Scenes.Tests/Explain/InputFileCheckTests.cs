using Pytti.Scenes.Explain;

namespace Pytti.Scenes.Tests.Explain;

public class InputFileCheckTests
{
    private static string[] Check(string yaml, params string[] existing)
    {
        using var temp = new TempScene();
        temp.Write("scene.pytti.yaml", yaml);
        foreach (var file in existing)
            temp.Write(file, "");
        var check = SceneCheck.Run("scene.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder });
        return check.Diagnostics.Select(d => d.ToString().Replace(temp.Folder + Path.DirectorySeparatorChar, "")).ToArray();
    }

    [Fact]
    public void Missing_inputs_are_reported_where_they_are_named() => Assert.Equal(
    [
        "scene.pytti.yaml(1,10): error PYTTI029: image prompt 'ref.png' does not exist",
        "scene.pytti.yaml(1,22): error PYTTI029: mask 'm.png' does not exist",
        "scene.pytti.yaml(2,13): error PYTTI029: init_image 'init.png' does not exist",
        "scene.pytti.yaml(3,21): error PYTTI029: direct_init_weight mask 'dm.mp4' does not exist",
        "scene.pytti.yaml(4,23): error PYTTI029: direct image prompt 'd.png' does not exist",
    ], Check("scenes: '[ref.png] | cat:1_[m.png] | [https://x/y.png]'\ninit_image: init.png\ndirect_init_weight: 1_dm.mp4\ndirect_image_prompts: d.png\n"));

    [Fact]
    public void Existing_inputs_pass() =>
        Assert.Empty(Check("scenes: '[ref.png] | cat:1_[-masks/m.png]'\ninit_image: init.png\n", "ref.png", "masks/m.png", "init.png"));

    [Fact]
    public void Files_of_unused_modes_are_not_checked() =>
        Assert.Empty(Check("scenes: a\nvideo_path: v.mp4\ntarget_palette: p.png\nvqgan_model: x/model.ckpt\nmodels_parent_dir: nowhere\n"));

    [Fact]
    public void Files_of_used_modes_are_checked() => Assert.Equal(
    [
        "scene.pytti.yaml(3,14): error PYTTI029: vqgan_model 'x/model.ckpt' does not exist",
        "scene.pytti.yaml(5,13): error PYTTI029: video_path 'v.mp4' does not exist",
    ], Check("scenes: a\nanimation_mode: Video Source\nvqgan_model: x/model.ckpt\nimage_model: VQGAN\nvideo_path: v.mp4\n"));
}

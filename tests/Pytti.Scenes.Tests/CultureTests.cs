using System.Globalization;
using Pytti.Scenes.Canonical;

namespace Pytti.Scenes.Tests;

/// <summary>Nothing depends on the machine's culture: sv-SE writes decimal commas and a U+2212 minus sign.</summary>
public class CultureTests
{
    private const string Scene =
        "scenes: 'a:0.5 + t | b:-1.5:-0.25'\nseed: -42\nsteps_per_scene: 4\nsteps_per_frame: 2\npre_animation_steps: 1\n" +
        "animation_mode: 3D\nnear_plane: 20.5\nfar_plane: 10.5\ncut_pow: 1.5\n";

    private static T InCulture<T>(string name, Func<T> action)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Messages_and_canonical_form_are_invariant()
    {
        var invariant = InCulture("", () => TempScene.Errors(Scene));
        var swedish = InCulture("sv-SE", () => TempScene.Errors(Scene));
        Assert.Equal(["scene.pytti.yaml(7,13): error PYTTI015: 'near_plane' (20.5) must be less than 'far_plane' (10.5)"], invariant);
        Assert.Equal(invariant, swedish);

        var fixedScene = Scene.Replace("near_plane: 20.5", "near_plane: 0.5");
        var a = InCulture("", () => string.Join("\n", CanonicalForm.Compute(TempScene.Document(fixedScene)).Frames.Select(f => f.Json)));
        var b = InCulture("sv-SE", () => string.Join("\n", CanonicalForm.Compute(TempScene.Document(fixedScene)).Frames.Select(f => f.Json)));
        Assert.Equal(a, b);
        Assert.Contains("\"seed\":\"-42\"", a);
        Assert.Contains("\"cut_pow\":1.5", a);
    }
}

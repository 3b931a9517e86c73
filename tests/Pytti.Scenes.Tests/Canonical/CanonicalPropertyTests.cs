using FsCheck;
using FsCheck.Fluent;
using Pytti.Scenes.Canonical;

namespace Pytti.Scenes.Tests.Canonical;

/// <summary>The canonical form does not depend on key order, quoting, comments, spacing or block/flow style of the YAML.</summary>
public class CanonicalPropertyTests
{
    private static readonly (string Key, string Value)[] Entries =
    [
        ("scenes", "a cat:1 + t | a dog:2_r || sunset:0.5"),
        ("scene_suffix", "| blurry:-1:-0.9"),
        ("steps_per_scene", "12"),
        ("steps_per_frame", "4"),
        ("pre_animation_steps", "2"),
        ("animation_mode", "2D"),
        ("translate_x", "10*sin(t)"),
        ("zoom_x_2d", "2"),
        ("width", "128"),
        ("seed", "7"),
        ("interpolation_steps", "3"),
        ("cutouts", "16"),
    ];

    private static string Render(int[] order, int[] styles, bool comments)
    {
        if (styles[0] == 5)
            return "{" + string.Join(", ", order.Select(i => $"{Entries[i].Key}: \"{Entries[i].Value}\"")) + "}\n";
        var lines = new List<string>();
        for (var i = 0; i < Entries.Length; i++)
        {
            var (key, value) = Entries[order[i]];
            var quoted = (styles[i] % 3) switch
            {
                0 when value.IndexOfAny([':', '|', '#']) < 0 && !value.StartsWith("[") && !value.StartsWith("-") => value,
                1 => $"'{value.Replace("'", "''")}'",
                _ => $"\"{value}\"",
            };
            if (comments)
                lines.Add("# entry " + i);
            lines.Add($"{key}:{new string(' ', 1 + styles[i] % 2)}{quoted}");
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Canonical(string yaml) =>
        string.Join("\n", CanonicalForm.Compute(TempScene.Document(yaml)).Frames.Select(f => f.Json));

    [Fact]
    public void Invariant_under_key_order_and_formatting()
    {
        var baseline = Canonical(Render(Enumerable.Range(0, Entries.Length).ToArray(), new int[Entries.Length], false));
        var permutations = Gen.Shuffle(Enumerable.Range(0, Entries.Length).ToArray());
        var styles = Gen.ArrayOf(Gen.Choose(0, 5), Entries.Length);
        var cases = from order in permutations
                    from style in styles
                    from comments in ArbMap.Default.GeneratorFor<bool>()
                    select (order, style, comments);
        Prop.ForAll(cases.ToArbitrary(), c => Canonical(Render(c.order, c.style, c.comments)) == baseline)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }
}

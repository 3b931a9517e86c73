namespace Pytti.Engine.Prompts;

/// <summary>
/// The names loss terms carry in the loss log, as PyTTI displays them (reference 2.3): the prompt text without its
/// non-ASCII characters, and when longer than 27 characters its first 20, "..", and its last 5. Image prompts
/// append " (semantic)" and direct losses " (direct)" or, for VQGAN's latent loss, " (latent)", before shortening.
/// A file is named as PyTTI names it in brackets or after its kind, by its file name here (the scene loader has
/// made paths absolute). Two terms that would log under one name get " #2", " #3", … (PyTTI lets them collide).
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 27;

    /// <summary>PyTTI's display name of <paramref name="text"/>.</summary>
    public static string Of(string text)
    {
        var ascii = new string([.. text.Where(char.IsAscii)]);
        return ascii.Length > MaxLength ? string.Concat(ascii.AsSpan(0, 20), "..", ascii.AsSpan(ascii.Length - 5)) : ascii;
    }

    /// <summary>A semantic image prompt of <paramref name="target"/> (a path or URL): <c>[file] (semantic)</c>.</summary>
    public static string Image(string target) => Of($"[{Label(target)}] (semantic)");

    /// <summary>The semantic prompt of the init image: <c>init image [file] (semantic)</c>.</summary>
    public static string SemanticInit(string initImage) => Of($"init image [{Label(initImage)}] (semantic)");

    /// <summary>The semantic stabilisation prompt.</summary>
    public static string SemanticStabilization => Of("stabilization (semantic)");

    /// <summary>A direct image prompt of <paramref name="target"/>: <c>file (direct)</c>, or <c>(latent)</c> for VQGAN.</summary>
    public static string Direct(string target, bool latent) => Of($"{Label(target)} {Kind(latent)}");

    /// <summary>The direct loss against the init image: <c>direct init image (file) (direct)</c>, or <c>(latent)</c>.</summary>
    public static string DirectInit(string initImage, bool latent) => Of($"direct init image ({Label(initImage)}) {Kind(latent)}");

    /// <summary><paramref name="name"/>, or it with " #2", " #3", … when <paramref name="taken"/> has it; the result is added to <paramref name="taken"/>.</summary>
    public static string Claim(ISet<string> taken, string name)
    {
        if (taken.Add(name)) return name;
        for (var k = 2; ; k++)
            if (taken.Add($"{name} #{k}")) return $"{name} #{k}";
    }

    private static string Kind(bool latent) => latent ? "(latent)" : "(direct)";

    private static string Label(string target) =>
        target.Contains("://", StringComparison.Ordinal) ? target : Path.GetFileName(target);
}

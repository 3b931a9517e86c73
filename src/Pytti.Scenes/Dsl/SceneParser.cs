using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Dsl;

/// <summary>
/// PyTTI's scene splitting (reference 2.1): split on <c>||</c> and drop empty pieces (a piece of
/// spaces stays, as an empty scene); glue prefix + piece + suffix verbatim; strip; split on every
/// <c>|</c>; strip parts, drop empty ones; parse each as a prompt.
/// </summary>
public static class SceneParser
{
    public static IReadOnlyList<Scene> Parse(LocatedText scenes, LocatedText prefix, LocatedText suffix, DslContext context)
    {
        var result = new List<Scene>();
        foreach (var piece in SplitScenes(scenes))
        {
            var full = LocatedText.Concat(prefix, piece, suffix).Trim();
            var prompts = new List<Prompt>();
            foreach (var part in SplitOn(full, "|"))
            {
                var prompt = part.Trim();
                if (prompt.Length > 0 && PromptParser.Parse(prompt, context) is { } parsed)
                    prompts.Add(parsed);
            }
            result.Add(new Scene(result.Count, full.Text, prompts));
        }
        return result;
    }

    /// <summary>The pieces between <c>||</c>, without empty strings.</summary>
    public static IEnumerable<LocatedText> SplitScenes(LocatedText scenes) => SplitOn(scenes, "||").Where(p => p.Length > 0);

    private static IEnumerable<LocatedText> SplitOn(LocatedText text, string separator)
    {
        var start = 0;
        while (true)
        {
            var index = text.Text.IndexOf(separator, start, StringComparison.Ordinal);
            if (index < 0)
                break;
            yield return text.Slice(start, index - start);
            start = index + separator.Length;
        }
        yield return text.Slice(start);
    }
}

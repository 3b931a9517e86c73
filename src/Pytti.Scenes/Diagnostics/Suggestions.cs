namespace Pytti.Scenes;

/// <summary>Finds the closest valid name for a misspelt one (edit distance with swaps, case-insensitive).</summary>
public static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="name"/>, or null when none is reasonably close.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return bestDistance <= Math.Max(1, name.Length / 3) && bestDistance < name.Length ? best : null;
    }

    /// <summary><c>"; did you mean 'x'?"</c> or empty.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } best ? $"; did you mean '{best}'?" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}

using System.Globalization;
using System.Text;

namespace Pytti.Scenes.Hydra;

/// <summary>
/// The OmegaConf resolvers PyTTI's configurations use: Hydra's <c>${now:FORMAT}</c> (Python strftime),
/// PyTTI's <c>${user_cache:}</c> and <c>${path_join:a,b}</c>, and OmegaConf's <c>${oc.env:NAME[,default]}</c>.
/// The clock is read once per load, so every <c>now</c> of one configuration agrees and the time can be
/// recorded and given back to repeat a render (<see cref="SceneLoadOptions.Now"/>).
/// </summary>
internal sealed class Resolvers(DateTimeOffset? fixedNow)
{
    public static IReadOnlyList<string> Names { get; } = ["now", "user_cache", "path_join", "oc.env"];

    /// <summary>The time <c>now</c> resolved to, or null when nothing asked for it.</summary>
    public DateTimeOffset? Clock { get; private set; }

    public DateTimeOffset Now() => Clock ??= fixedNow ?? DateTimeOffset.Now;

    /// <summary>
    /// A seed for <c>seed: null</c>: PyTTI then leaves torch unseeded (a random run); here the clock's
    /// microseconds since 1970 stand in for it, so the render is random once and repeatable after.
    /// </summary>
    public string DrawSeed() => (Now().ToUnixTimeMilliseconds() * 1000 + Now().Ticks % TimeSpan.TicksPerMillisecond / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>The resolver's value, or null when <paramref name="name"/> is no resolver.</summary>
    public string? Resolve(string name, string argument) => name switch
    {
        "now" => Strftime(Now(), argument),
        "user_cache" => Path.GetFullPath(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")),
        "path_join" => Path.GetFullPath(Path.Combine(argument.Split(',').Select(p => p.Trim()).ToArray())),
        "oc.env" => Environment.GetEnvironmentVariable(argument.Split(',')[0].Trim()) ?? (argument.Contains(',') ? argument[(argument.IndexOf(',') + 1)..].Trim() : ""),
        _ => null,
    };

    /// <summary>Python's <c>strftime</c> for the directives people use; others stay as written.</summary>
    private static string Strftime(DateTimeOffset time, string format)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                result.Append(format[i]);
                continue;
            }
            result.Append(Directive(time, format[++i]));
        }
        return result.ToString();
    }

    private static string Directive(DateTimeOffset time, char directive) => directive switch
    {
        'Y' => time.ToString("yyyy", CultureInfo.InvariantCulture),
        'y' => time.ToString("yy", CultureInfo.InvariantCulture),
        'm' => time.ToString("MM", CultureInfo.InvariantCulture),
        'd' => time.ToString("dd", CultureInfo.InvariantCulture),
        'H' => time.ToString("HH", CultureInfo.InvariantCulture),
        'M' => time.ToString("mm", CultureInfo.InvariantCulture),
        'S' => time.ToString("ss", CultureInfo.InvariantCulture),
        'f' => (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("D6", CultureInfo.InvariantCulture),
        'j' => time.DayOfYear.ToString("D3", CultureInfo.InvariantCulture),
        '%' => "%",
        _ => "%" + directive,
    };
}

using System.Globalization;

namespace Pytti.Cli.Commands;

/// <summary><c>pytti render --clock TIME|now</c>: the time a scene's <c>${now:...}</c> and <c>seed: null</c> read.</summary>
internal static class RenderClock
{
    /// <summary>Null (no option: the recorded clock, else now), the current time for <c>now</c>, else the ISO 8601 time given.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null) return null;
        if (text.Trim().Equals("now", StringComparison.OrdinalIgnoreCase)) return DateTimeOffset.Now;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeLocal, out var clock) ? clock
            : throw new UserErrorException(CliErrorCodes.Arguments, $"--clock '{text}' is not a time: give an ISO 8601 time such as 2026-12-07T06:27:52.123456+00:00 (a manifest's \"clock\") or 'now'.");
    }
}

using System.Diagnostics;

namespace Pytti.Build;

/// <summary>
/// Turns the render's step events into a progress line at most every <c>interval</c> (the terminal logger shows
/// high-importance messages as they come): the frame being rendered, the step, and the time left at the pace so far.
/// </summary>
internal sealed class RenderProgressLine(TimeSpan interval)
{
    private readonly Stopwatch _clock = new();
    private TimeSpan _lastShown;
    private int _firstStep = -1;
    private bool _shownOnce;

    /// <summary>The line to show after step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/> while rendering frame <paramref name="frame"/>, or null while the last line is recent.</summary>
    public string? After(int step, int totalSteps, int frame)
    {
        if (_firstStep < 0)
        {
            _firstStep = step;
            _clock.Start();
        }
        var now = _clock.Elapsed;
        if (_shownOnce && now - _lastShown < interval) return null;
        (_shownOnce, _lastShown) = (true, now);
        var done = step - _firstStep;
        var eta = done > 0 ? Format(TimeSpan.FromTicks(now.Ticks / done * Math.Max(0, totalSteps - 1 - step))) : "estimating";
        return $"frame {frame}, step {step + 1}/{totalSteps}, ETA {eta}";
    }

    private static string Format(TimeSpan left) =>
        left.TotalHours >= 1 ? $"{(int)left.TotalHours}h{left.Minutes:00}m" : $"{left.Minutes}:{left.Seconds:00}";
}

using Pytti.Scenes.Schema;

namespace Pytti.Engine.Audio;

/// <summary>
/// The audio variables of every frame (reference 9): for each filter, <c>name</c> = the peak |band-passed
/// signal| in the frame's window divided by the loudest window's peak, and <c>name_prev</c> = the previous
/// frame's value. Differences from PyTTI, on purpose:
/// <list type="bullet">
/// <item>the normalisation maximum is taken over exactly the windows the frames read (from
/// <c>input_audio_offset</c>, one per frame), where PyTTI samples windows from the file start with a spacing of
/// steps/(steps − 1) frames; the loudest frame is therefore exactly 1;</item>
/// <item><c>name_prev</c> is the previous frame's value (frame 0: its own value), where PyTTI's is always equal
/// to the current one;</item>
/// <item>frames after the audio ends keep the last values, as in PyTTI; a band that is silent throughout is 0
/// (PyTTI divides by zero).</item>
/// </list>
/// </summary>
public static class AudioReactivity
{
    /// <summary>PyTTI decodes audio at 44 100 Hz.</summary>
    public const int DefaultSampleRate = 44100;

    /// <summary>Variables for frames 0 .. <paramref name="frameCount"/> − 1, each with every band and its <c>_prev</c>.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Build(float[] samples, int sampleRate,
        IReadOnlyList<AudioFilter> filters, double offset, double framesPerSecond, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        var windows = new AudioWindows(samples.Length, sampleRate, offset, framesPerSecond);
        var series = filters.Select(f => HeldLevels(BandLevels(samples, windows, f), frameCount)).ToArray();
        var frames = new List<IReadOnlyDictionary<string, double>>(frameCount);
        for (var m = 0; m < frameCount; m++)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var b = 0; b < filters.Count; b++)
            {
                values[filters[b].VariableName] = series[b][m];
                values[filters[b].VariableName + "_prev"] = series[b][Math.Max(m - 1, 0)];
            }
            frames.Add(values);
        }
        return frames;
    }

    /// <summary>The normalised level of every frame with a whole window (reference 9.2 and 9.3).</summary>
    public static double[] BandLevels(float[] samples, AudioWindows windows, AudioFilter filter)
    {
        var sections = Design(filter, windows.SampleRate);
        var peaks = new double[windows.FullCount];
        for (var m = 0; m < peaks.Length; m++)
            peaks[m] = sections.PeakOf(samples.AsSpan((int)windows.Start(m), windows.Length));
        var max = peaks.Length == 0 ? 0 : peaks.Max();
        return peaks.Select(p => max > 0 ? p / max : 0).ToArray();
    }

    /// <summary>The filter of one <c>input_audio_filters</c> entry: band-pass from f_center − f_width/2 to f_center + f_width/2.</summary>
    public static SecondOrderSections Design(AudioFilter filter, int sampleRate)
    {
        try
        {
            return ButterworthBandPass.Design(filter.Order, filter.FCenter - filter.FWidth / 2, filter.FCenter + filter.FWidth / 2, sampleRate);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Audio filter '{filter.VariableName}' (f_center {filter.FCenter}, f_width {filter.FWidth}, order {filter.Order}): {e.Message}", e);
        }
    }

    /// <summary>Levels extended to <paramref name="frameCount"/> frames: after the audio ends the last value is kept (0 if there was none).</summary>
    private static double[] HeldLevels(double[] levels, int frameCount)
    {
        var held = new double[frameCount];
        for (var m = 0; m < frameCount; m++)
            held[m] = m < levels.Length ? levels[m] : m > 0 ? held[m - 1] : 0;
        return held;
    }
}

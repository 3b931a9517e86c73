using Pytti.Engine.Audio;
using Pytti.Scenes.Schema;
using Xunit.Abstractions;

namespace Pytti.Engine.Tests;

/// <summary>Per-frame audio variables (reference 9.2–9.3) on synthetic signals.</summary>
public sealed class AudioReactivityTests(ITestOutputHelper output)
{
    private const int Rate = 44100;
    private static readonly AudioFilter Low = new("low", 440, 200, 5);
    private static readonly AudioFilter High = new("high", 3000, 1000, 5);

    /// <summary>A sine of <paramref name="hz"/> whose amplitude is <paramref name="amplitude"/>(second).</summary>
    private static float[] Tone(double hz, double seconds, Func<double, double> amplitude)
    {
        var samples = new float[(int)(seconds * Rate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)(amplitude((double)i / Rate) * Math.Sin(2 * Math.PI * hz * i / Rate));
        return samples;
    }

    /// <summary>440 Hz for the first second, then 3 kHz: one tone in each band in turn.</summary>
    private static float[] TwoTones()
    {
        var samples = new float[2 * Rate];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * (i < Rate ? 440 : 3000) * i / Rate));
        return samples;
    }

    [Fact]
    public void A_tone_in_one_band_drives_that_band_high_and_the_other_low()
    {
        var frames = AudioReactivity.Build(TwoTones(), Rate, [Low, High], offset: 0, framesPerSecond: 12, frameCount: 24);
        var (low, high) = (frames.Select(f => f["low"]).ToArray(), frames.Select(f => f["high"]).ToArray());
        output.WriteLine("low  " + string.Join(" ", low.Select(v => v.ToString("F3"))));
        output.WriteLine("high " + string.Join(" ", high.Select(v => v.ToString("F3"))));
        Assert.Equal(1.0, low.Max(), 12);
        Assert.Equal(1.0, high.Max(), 12);
        Assert.All(low[..12], v => Assert.InRange(v, 0.9, 1.0));      // 440 Hz: low band
        Assert.All(high[..12], v => Assert.InRange(v, 0.0, 0.15));    // only the window-onset transient leaks
        Assert.All(low[13..], v => Assert.InRange(v, 0.0, 0.15));
        Assert.All(high[13..], v => Assert.InRange(v, 0.9, 1.0));
    }

    [Fact]
    public void Each_band_is_normalised_by_its_own_loudest_window_as_pytti_does()
    {
        // A steady tone alone: the empty band's raw level is its onset transient, ~36 dB under the tone's band,
        // yet divided by its own maximum it reads near 1 (reference 9.2): band values are relative to the band.
        var samples = Tone(440, 2, _ => 0.5);
        var n = new AudioWindows(samples.Length, Rate, 0, 12).Length;
        var rawLow = AudioReactivity.Design(Low, Rate).PeakOf(samples.AsSpan(0, n));
        var rawHigh = AudioReactivity.Design(High, Rate).PeakOf(samples.AsSpan(0, n));
        Assert.InRange(rawLow, 0.45, 0.6);    // amplitude 0.5 plus the overshoot of a filter started from rest
        Assert.InRange(rawHigh, 0.0, rawLow / 30);
    }

    [Fact]
    public void Levels_follow_the_envelope_and_prev_is_the_previous_frame()
    {
        // loud for the first second, a quarter as loud after: frames 0..11 ≈ 1, frames 13.. ≈ 0.25
        var samples = Tone(440, 2, s => s < 1 ? 0.8 : 0.2);
        var frames = AudioReactivity.Build(samples, Rate, [Low], offset: 0, framesPerSecond: 12, frameCount: 24);
        Assert.InRange(frames[5]["low"], 0.95, 1.0);
        Assert.InRange(frames[20]["low"], 0.2, 0.3);
        Assert.Equal(frames[0]["low"], frames[0]["low_prev"]);
        for (var m = 1; m < frames.Count; m++)
            Assert.Equal(frames[m - 1]["low"], frames[m]["low_prev"]);
    }

    [Fact]
    public void Offset_shifts_the_frame_windows()
    {
        var samples = Tone(440, 2, s => s < 1 ? 0.8 : 0.2);
        var plain = AudioReactivity.Build(samples, Rate, [Low], 0, 12, 24);
        var shifted = AudioReactivity.Build(samples, Rate, [Low], offset: 0.5, 12, 12);
        // frame m with offset 0.5 s reads the window of frame m + 6 without offset
        for (var m = 0; m < 12; m++)
            Assert.Equal(plain[m + 6]["low"], shifted[m]["low"], 9);
        Assert.Equal(22050L, new AudioWindows(samples.Length, Rate, 0.5, 12).Start(0));
    }

    [Theory]
    [InlineData(12.0, 3675)]
    [InlineData(29.97, 1471)]   // a fractional rate, as PyTTI takes it
    [InlineData(49.0, 899)]     // PyTTI computes int(1 / fps * 44100): 899.99999..., not 44100 / 49 = 900
    public void The_window_length_is_pyttis(double fps, int length) =>
        Assert.Equal(length, new AudioWindows(44100, 44100, 0, fps).Length);

    [Fact]
    public void Frames_after_the_audio_keep_the_last_values()
    {
        var samples = Tone(440, 1, s => s < 0.5 ? 0.8 : 0.4);
        var windows = new AudioWindows(samples.Length, Rate, 0, 12);
        Assert.Equal(12, windows.FullCount);                   // 1 s at 12 fps: windows 0..11 are whole
        var frames = AudioReactivity.Build(samples, Rate, [Low], 0, 12, 16);
        Assert.All(frames.Skip(12), f => Assert.Equal(frames[11]["low"], f["low"]));
        Assert.Equal(frames[11]["low"], frames[15]["low_prev"]);
    }

    [Fact]
    public void An_offset_past_the_end_or_a_band_past_nyquist_is_an_error_that_says_so()
    {
        var samples = Tone(440, 1, _ => 0.5);
        var late = Assert.Throws<ArgumentException>(() => AudioReactivity.Build(samples, Rate, [Low], 2, 12, 4));
        Assert.Contains("input_audio_offset", late.Message);
        var band = Assert.Throws<ArgumentException>(() => AudioReactivity.Build(samples, Rate, [new AudioFilter("air", 22000, 1000, 5)], 0, 12, 4));
        Assert.Contains("'air'", band.Message);
    }

    [Fact]
    public void Silence_gives_zero_not_nan()
    {
        var frames = AudioReactivity.Build(new float[Rate], Rate, [Low], 0, 12, 3);
        Assert.All(frames, f => Assert.Equal(0.0, f["low"]));
    }
}

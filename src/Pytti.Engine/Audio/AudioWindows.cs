namespace Pytti.Engine.Audio;

/// <summary>
/// Where frame m's audio window lies (reference 9.2–9.3): <c>N = int(1 / fps · rate)</c> samples from
/// <c>int(t·rate + offset·rate)</c> with <c>t = m / fps</c>. <see cref="FullCount"/> frames have a whole window
/// inside the audio; later frames have none (the audio has ended).
/// </summary>
public sealed class AudioWindows
{
    public AudioWindows(long sampleCount, int sampleRate, double offset, double framesPerSecond)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
        if (!(framesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "frames_per_second must be positive.");
        var duration = (double)sampleCount / sampleRate;
        if (!(offset >= 0 && offset < duration))
            throw new ArgumentException(
                $"input_audio_offset must be at least 0 and less than the audio's duration ({duration:0.###} s); got {offset} s.");
        (SampleRate, Offset, FramesPerSecond) = (sampleRate, offset, framesPerSecond);
        Length = (int)(1 / framesPerSecond * sampleRate);   // PyTTI's order of operations: 899 at 49 fps, where 44100 / 49 is 900
        var count = 0;
        while (Start(count) + Length <= sampleCount) count++;
        FullCount = count;
    }

    public int SampleRate { get; }

    public double Offset { get; }

    public double FramesPerSecond { get; }

    /// <summary>Samples per window: <c>int(1 / fps · rate)</c>, as PyTTI computes it.</summary>
    public int Length { get; }

    /// <summary>Frames 0 .. FullCount − 1 have a whole window inside the audio.</summary>
    public int FullCount { get; }

    /// <summary>The first sample of frame <paramref name="frame"/>'s window.</summary>
    public long Start(int frame) => (long)(frame / FramesPerSecond * SampleRate + Offset * SampleRate);
}

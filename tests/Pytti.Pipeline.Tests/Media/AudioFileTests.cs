using System.Diagnostics;
using Pytti.Engine.Audio;
using Pytti.Pipeline.Media;
using Pytti.Scenes.Schema;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>Audio decoded through FFmpeg, and the audio variables of files FFmpeg synthesises.</summary>
public sealed class AudioFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-audio-");
    private static readonly AudioFilter Low = new("low", 440, 200, 5);
    private static readonly AudioFilter High = new("high", 3000, 1000, 5);

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Runs <c>ffmpeg -f lavfi -i SOURCE</c> into <paramref name="name"/> in the temp folder.</summary>
    private string Synthesise(string name, string source, params string[] output)
    {
        var path = Path.Combine(_dir.FullName, name);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-nostdin", "-f", "lavfi", "-i", source, .. output, "-y", path]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return path;
    }

    [Fact]
    public void A_wav_tone_decodes_to_mono_samples_at_the_requested_rate()
    {
        var tone = Synthesise("tone.wav", "sine=frequency=440:duration=2", "-ar", "44100");
        var samples = AudioFile.ReadMono(tone);
        Assert.Equal(88200, samples.Length);
        Assert.InRange(samples.Max(), 0.1, 1.0);               // lavfi's sine has amplitude 1/8
        Assert.Equal(16000, AudioFile.ReadMono(tone, 8000).Length);
    }

    [Fact]
    public void A_synthesised_tone_drives_its_band_high_and_the_other_low()
    {
        // 440 Hz for a second, then 3 kHz, as stereo FLAC: a real decoder and the downmix to mono
        var path = Synthesise("two.flac", "aevalsrc='0.5*sin(2*PI*(if(lt(t,1),440,3000))*t)|0.5*sin(2*PI*(if(lt(t,1),440,3000))*t)':s=44100:d=2");
        var samples = AudioFile.ReadMono(path);
        var frames = AudioReactivity.Build(samples, AudioReactivity.DefaultSampleRate, [Low, High], offset: 0, framesPerSecond: 12, frameCount: 24);
        Assert.All(frames.Take(12), f => Assert.InRange(f["low"], 0.9, 1.0));
        Assert.All(frames.Take(12), f => Assert.InRange(f["high"], 0.0, 0.15));
        Assert.All(frames.Skip(13), f => Assert.InRange(f["low"], 0.0, 0.15));
        Assert.All(frames.Skip(13), f => Assert.InRange(f["high"], 0.9, 1.0));
        var shifted = AudioReactivity.Build(samples, AudioReactivity.DefaultSampleRate, [Low, High], offset: 1, framesPerSecond: 12, frameCount: 12);
        Assert.All(shifted, f => Assert.InRange(f["high"], 0.9, 1.0));   // from 1 s on only 3 kHz plays
    }

    [Fact]
    public void Missing_and_undecodable_files_are_clear_errors()
    {
        var missing = Path.Combine(_dir.FullName, "nope.wav");
        Assert.Contains(missing, Assert.Throws<MediaException>(() => AudioFile.ReadMono(missing)).Message);
        var text = Path.Combine(_dir.FullName, "notes.mp3");
        File.WriteAllText(text, "not audio");
        Assert.Contains(text, Assert.Throws<MediaException>(() => AudioFile.ReadMono(text)).Message);
        var silentVideo = Synthesise("still.png", "color=c=red:s=8x8", "-frames:v", "1");
        Assert.Contains(silentVideo, Assert.Throws<MediaException>(() => AudioFile.ReadMono(silentVideo)).Message);
    }
}

using System.Buffers.Binary;
using FFMpegCore;
using FFMpegCore.Pipes;

namespace Pytti.Pipeline.Media;

/// <summary>Decodes any audio FFmpeg reads into mono float samples (channels averaged by FFmpeg's downmix), through FFMpegCore.</summary>
public static class AudioFile
{
    /// <summary>
    /// The first audio stream of <paramref name="path"/>, mixed to mono and resampled to <paramref name="sampleRate"/>
    /// (<c>ffmpeg -i file -vn -f f32le -c:a pcm_f32le -ac 1 -ar rate</c> into a pipe). Missing, audio-less or undecodable
    /// files throw <see cref="MediaException"/> naming the file.
    /// </summary>
    public static float[] ReadMono(string path, int sampleRate = 44100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (!File.Exists(path))
            throw new MediaException($"{path}: audio file not found. Check the path (relative paths resolve against the scene file's folder).");
        var full = Path.GetFullPath(path);
        using var pcm = new MemoryStream();
        var job = FFMpegArguments.FromFileInput(FfmpegCoreRun.Quotable(Path.GetFileName(full), path), verifyExists: false)
            .OutputToPipe(new StreamPipeSink(pcm), o => o.DisableVideo().WithAudioSamplingRate(sampleRate).WithAudioChannels(1)
                .WithCustomArgument("-c:a pcm_f32le -f f32le"));
        FfmpegCoreRun.Run(job, Path.GetDirectoryName(full)!, path, cancellationToken);
        if (pcm.Length == 0)
            throw new MediaException($"{path}: FFmpeg decoded no audio samples; the file has no audio or is empty.");
        var bytes = pcm.GetBuffer().AsSpan(0, (int)pcm.Length);
        var samples = new float[bytes.Length / 4];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
        return samples;
    }
}

using System.Buffers.Binary;
using System.Globalization;

namespace Pytti.Pipeline.Media;

/// <summary>Decodes any audio FFmpeg reads into mono float samples (channels averaged by FFmpeg's downmix).</summary>
public static class AudioFile
{
    /// <summary>
    /// The first audio stream of <paramref name="path"/>, mixed to mono and resampled to <paramref name="sampleRate"/>
    /// (<c>ffmpeg -i file -f f32le -ac 1 -ar rate -</c>). Missing, audio-less or undecodable files
    /// throw <see cref="MediaException"/> naming the file.
    /// </summary>
    public static float[] ReadMono(string path, int sampleRate = 44100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (!File.Exists(path))
            throw new MediaException($"{path}: audio file not found. Check the path (relative paths resolve against the scene file's folder).");
        var bytes = Ffmpeg.Run(Ffmpeg.FfmpegPath,
            ["-v", "error", "-nostdin", "-i", path, "-vn", "-f", "f32le", "-acodec", "pcm_f32le", "-ac", "1",
             "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-"], null, path);
        if (bytes.Length == 0)
            throw new MediaException($"{path}: FFmpeg decoded no audio samples; the file has no audio or is empty.");
        var samples = new float[bytes.Length / 4];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i, 4));
        return samples;
    }
}

using Pytti.Engine.Audio;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using Pytti.Scenes.Planning;

namespace Pytti.Pipeline.Rendering;

/// <summary>Decodes a scene's <c>input_audio</c> through FFmpeg into per-frame band variables (reference 9).</summary>
internal static class AudioInput
{
    public static IReadOnlyList<IReadOnlyDictionary<string, double>>? Frames(SceneDocument doc, FramePlan plan)
    {
        var v = doc.Values;
        if (string.IsNullOrEmpty(v.InputAudio) || v.InputAudioFilters.Count == 0) return null;
        var samples = AudioFile.ReadMono(v.InputAudio, AudioReactivity.DefaultSampleRate);
        try
        {
            return AudioReactivity.Build(samples, AudioReactivity.DefaultSampleRate, v.InputAudioFilters, v.InputAudioOffset, v.FramesPerSecond, (int)plan.FrameCount);   // a render has at most PlanLimits.MaxFrames frames
        }
        catch (ArgumentException e)
        {
            throw new MediaException($"{v.InputAudio}: {e.Message}", e);
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Pytti.Scenes;
using Pytti.Scenes.Canonical;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Planning;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// Frame keys (design: "Frames, keys and the cache"): frame k's key hashes its canonical values
/// (expressions evaluated, defaults applied, unused modes left out), the digests of the files it
/// reads, what holds for the whole run (seed, engine revision, device kind, libtorch, perceptor
/// weights, save schedule) and the key of frame k-1, which it continues from.
/// </summary>
public static class FrameKeys
{
    /// <summary>Bumped whenever a change to the engine changes what it renders for the same inputs.</summary>
    public const string EngineRevision = "pytti-engine/6";
    // 2: long-term flow samples, flow and depth stabilisation masks
    // 3: CLIP's fp32 rounding moved: the ViT's last block computes the class token alone, QuickGELU is one swish,
    //    input gradients read packed weights
    // 4: the engine runs on TorchSharp 0.107 (libtorch 2.10) instead of our bridge over libtorch 1.13
    // 5: keys leave out the settings that only shape the schedule (steps_per_scene, steps_per_frame, pre_animation_steps,
    //    interpolation_steps; each frame keys its steps' schedule instead), and the last frame keeps a checkpoint and
    //    its finished image apart, so extending an animation keeps the earlier frames: the keys of existing renders change
    // 6: still images are read and PNGs written by SkiaSharp instead of FFmpeg: frame PNGs are other bytes, and JPEG
    //    inputs (init, prompt and mask images) may decode a level apart, so no cache serves frames made the old way

    public static IReadOnlyList<(string Key, FrameKeyInputs Inputs)> Compute(SceneDocument doc, FramePlan plan,
        IReadOnlyDictionary<string, string> global, Func<string, string> digest)
    {
        var (frames, diagnostics) = CanonicalForm.Compute(doc, plan);
        if (diagnostics.Count > 0) throw new SceneException(diagnostics);
        var runFiles = RunFiles(doc).Distinct(StringComparer.Ordinal).ToDictionary(f => f, digest);
        var result = new List<(string, FrameKeyInputs)>();
        string? previous = null;
        foreach (var frame in frames)
        {
            var files = new SortedDictionary<string, string>(runFiles, StringComparer.Ordinal);
            foreach (var file in SceneFiles(doc, plan, frame.Frame)) files[file] = digest(file);
            var inputs = new FrameKeyInputs(frame.Json, files, global, previous);
            var key = Hash(inputs);
            result.Add((key, inputs));
            previous = key;
        }
        return result;
    }

    public static string Hash(FrameKeyInputs inputs)
    {
        var material = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["canonical"] = inputs.Canonical,
            ["files"] = new SortedDictionary<string, object?>(inputs.Files.ToDictionary(kv => kv.Key, kv => (object?)kv.Value), StringComparer.Ordinal),
            ["global"] = new SortedDictionary<string, object?>(inputs.Global.ToDictionary(kv => kv.Key, kv => (object?)kv.Value), StringComparer.Ordinal),
            ["previous"] = inputs.Previous,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(material))));
    }

    /// <summary>Files every frame depends on: the init image, direct image prompts, the target palette, the audio input, the init and stabilisation losses' mask files.</summary>
    private static IEnumerable<string> RunFiles(SceneDocument doc)
    {
        var v = doc.Values;
        if (!string.IsNullOrEmpty(v.InitImage)) yield return v.InitImage;
        if (!string.IsNullOrEmpty(v.TargetPalette)) yield return v.TargetPalette;
        if (!string.IsNullOrEmpty(v.InputAudio) && v.InputAudioFilters.Count > 0) yield return v.InputAudio;   // every frame's band levels depend on the whole file (normalisation)
        foreach (var p in doc.DirectPrompts) yield return p.Path;
        foreach (var (_, w) in doc.Losses.Named())   // masks of the init and stabilisation losses
            if (w?.Mask is { Kind: MaskKind.Image or MaskKind.Video, Target: { } m } && !IsUrl(m)) yield return m;
    }

    /// <summary>Image prompts and image masks of the scenes a frame's steps use (its scene and, while cross-fading, the previous one).</summary>
    private static IEnumerable<string> SceneFiles(SceneDocument doc, FramePlan plan, FrameInfo frame)
    {
        var scenes = plan.StepsOf(frame).SelectMany(s => s.IsInterpolating ? new[] { s.Scene, s.PreviousScene } : [s.Scene]).Distinct();
        foreach (var s in scenes.Where(s => s < doc.Scenes.Count))
        {
            foreach (var prompt in doc.Scenes[s].Prompts)
            {
                if (prompt.Kind == PromptKind.Image && !IsUrl(prompt.Target)) yield return prompt.Target;
                if (prompt.Mask.Kind is MaskKind.Image or MaskKind.Video && prompt.Mask.Target is { } m && !IsUrl(m)) yield return m;
            }
        }
    }

    private static bool IsUrl(string path) => path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

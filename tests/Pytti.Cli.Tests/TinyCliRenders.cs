using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>What the CLI's render tests share: a model store holding the fixture vocabulary, and a tiny scene on the fixture CLIP.</summary>
internal static class TinyCliRenders
{
    /// <summary>A store under <paramref name="directory"/> with the CLIP vocabulary placed (as a user would place it by hand).</summary>
    public static string Store(string directory)
    {
        var store = Path.Combine(directory, "store");
        var vocab = Path.Combine(store, "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        if (!File.Exists(vocab)) File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
        return store;
    }

    /// <summary>16x16 pixels, two cutouts, two steps per frame and an image at each frame's end, no video.</summary>
    public static string Scene(string scenes, int stepsPerScene, int seed, string extra = "") => $"""
        scenes: {scenes}
        perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
        width: 16
        height: 16
        steps_per_scene: {stepsPerScene}
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: {seed}
        video_container: none

        """ + extra;
}

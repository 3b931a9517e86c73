using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// A tiny checkpoint in OpenCLIP's layout, made from the OpenAI-layout fixture <c>tiny_vit_b.pt</c>: OpenCLIP's
/// <c>CLIP.state_dict()</c> has OpenAI's keys without the TorchScript archive's three integer entries
/// (<c>input_resolution</c>, <c>context_length</c>, <c>vocab_size</c>) and without the causal mask (a non-persistent buffer).
/// </summary>
internal static class OpenClipCheckpoint
{
    public static readonly string OpenAiArchive = SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt");

    public static readonly string[] ArchiveOnlyKeys = ["input_resolution", "context_length", "vocab_size"];

    /// <summary>Writes the fixture's weights under OpenCLIP's key set to <paramref name="path"/> (safetensors, as open_clip also publishes them).</summary>
    public static void Write(string path)
    {
        var weights = Weights.LoadTorch(OpenAiArchive);
        try
        {
            Weights.SaveSafeTensors(path, weights.Where(kv => !ArchiveOnlyKeys.Contains(kv.Key)).ToDictionary());
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }
}

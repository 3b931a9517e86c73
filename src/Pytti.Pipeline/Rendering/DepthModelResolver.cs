using System.Globalization;
using Pytti.Models.Depth;
using Pytti.Models.Store;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The Depth Anything V2 checkpoint a scene's <c>depth_model</c> names, for 3D animation and depth
/// stabilisation. No depth model is registered yet (the store needs each file's SHA-256), so it must be a
/// path; a name gets PYTTI120 saying where to download the weights.
/// </summary>
internal static class DepthModelResolver
{
    public const string SmallWeightsUrl = "https://huggingface.co/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth";

    /// <summary>
    /// Test-only override of the attention heads, which the weights do not record (default width/64):
    /// the tiny test fixture has 2. Scenes never set it.
    /// </summary>
    public const string HeadsVariable = "PYTTI_DEPTH_HEADS";

    public static bool Needed(SceneDocument doc) => doc.Values.AnimationMode == "3D" || doc.Losses.DepthStabilization is not null;

    /// <summary>The checkpoint's path (the scene loader made it absolute).</summary>
    /// <exception cref="ModelStoreException">PYTTI120 for a name, PYTTI124 for a missing file.</exception>
    public static string Resolve(SceneDocument doc)
    {
        var value = doc.Values.DepthModel;
        if (File.Exists(value)) return value;
        if (Path.IsPathRooted(value))
            throw new ModelStoreException(ModelErrorCodes.LocalModelMissing, $"{doc.RootFile}: depth_model {value} does not exist.");
        throw new ModelStoreException(ModelErrorCodes.ModelUnavailable,
            $"{doc.RootFile}: depth_model '{value}' is not available: depth models are not registered yet. Download {SmallWeightsUrl} " +
            "and set depth_model to its path (3D animation and depth_stabilization_weight need it).");
    }

    /// <summary>Loads the checkpoint on first use, or null when the scene needs no depth.</summary>
    public static Func<DepthModel>? Loader(SceneDocument doc)
    {
        if (!Needed(doc)) return null;
        var path = Resolve(doc);
        var heads = int.TryParse(Environment.GetEnvironmentVariable(HeadsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : (int?)null;
        return () =>
        {
            try
            {
                return DepthModel.Load(path, heads: heads);
            }
            catch (Exception e) when (e is DepthLoadException or Pytti.Torch.Serialization.WeightFormatException)
            {
                throw new RenderException(PipelineErrorCodes.NotSupported, $"{doc.RootFile}: depth_model {path} is not a Depth Anything V2 checkpoint: {e.Message}", e);
            }
        };
    }
}

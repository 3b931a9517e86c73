using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Explain;
using Pytti.Torch;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Renders one scene file end to end: checks it (every error before anything runs), loads the
/// perceptors through the model store, runs the engine and writes PNG frames, a loss log (JSON
/// lines), a loss-curve PNG and a manifest, each atomically.
/// </summary>
public static class RenderJob
{
    public static RenderResult Run(RenderRequest request, IRenderProgress progress, CancellationToken cancellationToken = default)
    {
        var check = SceneCheck.Run(Path.GetFullPath(request.ScenePath, request.WorkingDirectory),
            new SceneLoadOptions { Overrides = request.Overrides, WorkingDirectory = request.WorkingDirectory });
        if (!check.Success) throw new SceneException(check.Diagnostics);
        var doc = check.Document!;
        if (doc.IsAnimated)
            throw new RenderException(PipelineErrorCodes.NotSupported, $"{doc.RootFile}: animation_mode '{doc.Values.AnimationMode}' cannot be rendered by this build yet; set animation_mode: off.");
        var device = RenderDevice.Resolve(request.Device ?? doc.Values.Device);
        if (device.IsCuda)
            throw new RenderException(PipelineErrorCodes.NotSupported, "the render engine runs on the CPU in this version; use --device cpu.");

        var store = new ModelStore(ModelStore.ResolveRoot(request.ModelsDirectory ?? NullIfEmpty(doc.Values.ModelsParentDir)), new ModelStoreOptions(Offline: request.Offline));
        var output = request.OutputDirectory ?? Path.Combine(request.WorkingDirectory, "images_out", doc.Values.FileNamespace);
        var baseName = RunNaming.BaseName(output, doc.Values.FileNamespace, doc.Values.AllowOverwrite);
        using var ensemble = PerceptorLoader.LoadAsync(store, doc.Perceptors, doc.RootDirectory, device, cancellationToken: cancellationToken).GetAwaiter().GetResult();
        var init = string.IsNullOrEmpty(doc.Values.InitImage) ? ((int, int)?)null : ImageFile.Probe(doc.Values.InitImage);
        var (width, height) = ImageModelFactory.ResolveSize(doc.Values.Width, doc.Values.Height, init);
        using var model = Create(doc, width, height);
        using var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(path => ImageFile.Read(path).ToTensor()));
        var writer = new RenderOutputWriter(output, baseName, progress);
        progress.Started(doc.RootFile, renderer.Plan.TotalSteps, output);
        renderer.Run(writer, cancellationToken);
        return writer.Finish(doc, ensemble, device, RenderSeed.Parse(doc.Values.Seed));
    }

    private static ImageModel Create(SceneDocument doc, int width, int height)
    {
        try
        {
            return ImageModelFactory.Create(doc, width, height);
        }
        catch (NotSupportedException e)
        {
            throw new RenderException(PipelineErrorCodes.NotSupported, $"{doc.RootFile}: {e.Message}", e);
        }
    }

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

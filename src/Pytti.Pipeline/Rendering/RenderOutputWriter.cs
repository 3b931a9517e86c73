using System.Security.Cryptography;
using System.Text.Json;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using Pytti.Scenes.Canonical;
using Pytti.Torch;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Receives the engine's steps and images and writes them: <c>&lt;base&gt;_&lt;n&gt;.png</c>,
/// <c>&lt;base&gt;_losses.jsonl</c> (one record per step, every loss term by name),
/// <c>&lt;base&gt;_losses.png</c> and <c>&lt;base&gt;_manifest.json</c>.
/// </summary>
internal sealed class RenderOutputWriter(string directory, string baseName, IRenderProgress progress) : IRenderObserver
{
    private readonly List<RenderedFrame> _frames = [];
    private readonly List<StepRecord> _steps = [];

    private string PathOf(string suffix) => Path.Combine(directory, baseName + suffix);

    public void OnStep(StepRecord record)
    {
        _steps.Add(record);
        progress.Step(record);
    }

    public void OnImage(SavedImage image)
    {
        var path = PathOf($"_{image.Index}.png");
        try
        {
            ImageFile.WritePng(path, RgbImage.FromTensor(image.Image));
        }
        catch (IOException e)
        {
            throw new RenderException(PipelineErrorCodes.Output, $"{path}: cannot write the frame ({e.Message}). Check free disk space and permissions; frames already written are kept.", e);
        }
        var frame = new RenderedFrame(image.Index, image.Step, path, Sha256(path));
        _frames.Add(frame);
        progress.Saved(frame);
    }

    public RenderResult Finish(SceneDocument doc, PerceptorEnsemble ensemble, Device device, ulong seed)
    {
        var logPath = PathOf("_losses.jsonl");
        AtomicFile.WriteAllText(logPath, string.Concat(_steps.Select(s => LogLine(s) + "\n")));
        var plotPath = PathOf("_losses.png");
        var names = _steps.SelectMany(s => s.Raw.Keys).Distinct().ToList();
        var series = names.ToDictionary(n => n, n => (IReadOnlyList<double>)_steps.Select(s => s.Raw.GetValueOrDefault(n, double.NaN)).ToList());
        ImageFile.WritePng(plotPath, LossPlot.Render(series));
        var manifestPath = PathOf("_manifest.json");
        AtomicFile.WriteAllText(manifestPath, CanonicalJson.Serialize(Manifest(doc, ensemble, device, seed), indented: true) + "\n");
        return new RenderResult(directory, baseName, _frames, manifestPath, logPath, plotPath);
    }

    private static string LogLine(StepRecord s) => JsonSerializer.Serialize(new
    {
        step = s.Step,
        scene = s.Scene,
        t = s.T,
        losses = s.Raw.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? (object)kv.Value : kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        total = s.Total,
    });

    private SortedDictionary<string, object?> Manifest(SceneDocument doc, PerceptorEnsemble ensemble, Device device, ulong seed) => new(StringComparer.Ordinal)
    {
        ["scene"] = doc.RootFile,
        ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["engine"] = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["version"] = typeof(RenderJob).Assembly.GetName().Version?.ToString(),
            ["libtorch"] = LibTorch.Version,
            ["device"] = device.ToString(),
        },
        ["settings"] = Settings(doc),
        ["perceptors"] = ensemble.Perceptors.Select(p => (object?)p.Name).ToList(),
        ["frames"] = _frames.Select(f => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["index"] = f.Index,
            ["step"] = f.Step,
            ["file"] = Path.GetFileName(f.Path),
            ["sha256"] = f.Sha256,
        }).ToList(),
    };

    private static SortedDictionary<string, object?> Settings(SceneDocument doc)
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, setting) in doc.Settings)
            result[name] = setting.Value switch
            {
                null or string or bool or int or long or double => setting.Value,
                System.Collections.IEnumerable list => list.Cast<object?>().Select(o => (object?)o?.ToString()).ToList(),
                var other => other.ToString(),
            };
        return result;
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

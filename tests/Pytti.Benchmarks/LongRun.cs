using System.Diagnostics;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Scenes;

namespace Pytti.Benchmarks;

/// <summary>
/// Ten thousand steps on a 32×32 image with a CLIP checkpoint (the tiny fixture in this repository's
/// runs): prints the live native tensor count and the process's resident memory every 1000 steps,
/// which must stay flat. A benchmark, not a test: it takes minutes.
/// </summary>
public static class LongRun
{
    public static void Run(string clipCheckpoint, string bpeVocabulary, int steps)
    {
        var dir = Directory.CreateTempSubdirectory("pytti-longrun-");
        var scene = Path.Combine(dir.FullName, "long.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a lighthouse | the sea:0.5
            width: 32
            height: 32
            steps_per_scene: {steps}
            steps_per_frame: 100
            pre_animation_steps: 0
            save_every: 0
            cutouts: 4
            smoothing_weight: 0.1
            """);
        var doc = SceneLoader.Load(scene).GetOrThrow();
        using var ensemble = new PerceptorEnsemble([new Perceptor("clip", ClipLoader.Load(clipCheckpoint), ClipTokenizer.Load(bpeVocabulary))]);
        using var model = ImageModelFactory.Create(doc, 32, 32);
        using var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(_ => throw new InvalidOperationException()));
        Console.WriteLine($"{"step",8} {"live tensors",14} {"RSS MiB",10} {"ms/step",9}");
        renderer.Run(new Reporter());
        dir.Delete(recursive: true);
    }

    private sealed class Reporter : IRenderObserver
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void OnStep(StepRecord record)
        {
            if ((record.Step + 1) % 1000 != 0) return;
            using var self = Process.GetCurrentProcess();
            var ms = _clock.Elapsed.TotalMilliseconds / 1000;
            _clock.Restart();
            Console.WriteLine($"{record.Step + 1,8} {LiveTensors(),14} {self.WorkingSet64 / (1024.0 * 1024.0),10:F1} {ms,9:F1}");
        }

        public void OnImage(SavedImage image) { }

        // TorchSharp's live tensors once the finaliser has run; the count also grows by one for each Parameter ever created.
        private static long LiveTensors()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return TorchSharp.torch.Tensor.TotalCount;
        }
    }
}

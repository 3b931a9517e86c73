using System.Diagnostics;
using Pytti.Engine.Rendering;
using Pytti.Models.Store;
using Pytti.Pipeline.Cache.Remote;
using Pytti.Pipeline.Rendering;
using Pytti.Pipeline.Tests.Cache;
using Pytti.Testing;

namespace Pytti.Benchmarks;

/// <summary>
/// A fully cached animation of FRAMES frames (8x8, one step per frame, tiny CLIP) pulled from a remote cache (nginx
/// WebDAV on loopback) into an empty local cache, against a local no-op render of the same scene: seconds and bytes.
/// </summary>
public static class RemotePullBench
{
    public static void Run(int frames, int runs)
    {
        var dir = Directory.CreateTempSubdirectory("pytti-bench-remote-");
        try
        {
            using var server = new NginxServer();
            var scene = Scene(dir.FullName, frames);
            var fill = Stopwatch.StartNew();
            var first = Render(dir.FullName, scene, "A", server.Url);
            Console.WriteLine($"remote cache: {frames} frames rendered and uploaded in {fill.Elapsed.TotalSeconds:F1} s ({first.FramesRendered} rendered); server holds {Bytes(server.Root) / 1024.0:F0} KiB");
            var pulled = 0L;
            var pull = Timing.Median(runs, () =>
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "B"))) Directory.Delete(Path.Combine(dir.FullName, "B"), recursive: true);
                var result = Render(dir.FullName, scene, "B", server.Url);
                if (result.FramesRendered != 0) throw new InvalidOperationException($"the pull rendered {result.FramesRendered} frame(s)");
                pulled = Bytes(Path.Combine(dir.FullName, "B", "cache", "objects")) + Bytes(Path.Combine(dir.FullName, "B", "cache", "frames"));
            }, warmUp: false);
            var noop = Timing.Median(runs, () => Render(dir.FullName, scene, "A", remote: null));
            Console.WriteLine($"{"workload",-44} {"median",10} {"bytes moved",14}");
            Console.WriteLine($"{$"pull {frames} frames into an empty local cache",-44} {pull,9:F2}s {pulled,14:N0}");
            Console.WriteLine($"{$"local no-op ({frames} frames cached)",-44} {noop,9:F2}s {0,14:N0}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static RenderResult Render(string dir, string scene, string machine, Uri? remote) =>
        RenderJob.Run(new RenderRequest(scene)
        {
            ModelsDirectory = Path.Combine(dir, "store"),
            Offline = true,
            WorkingDirectory = dir,
            CacheDirectory = Path.Combine(dir, machine, "cache"),
            OutputDirectory = Path.Combine(dir, machine, "out"),
            RemoteCache = remote is null ? null : new RemoteCacheOptions(remote),
        }, new QuietProgress());

    private static string Scene(string dir, int frames)
    {
        var vocab = Path.Combine(dir, "store", "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
        var path = Path.Combine(dir, "walk.pytti.yaml");
        File.WriteAllText(path, $"""
            scenes: a lighthouse
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 8
            height: 8
            animation_mode: 2D
            translate_x: '1'
            steps_per_scene: {frames}
            steps_per_frame: 1
            pre_animation_steps: 0
            save_every: 1
            cutouts: 1
            video_container: none
            """);
        return path;
    }

    private static long Bytes(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private sealed class QuietProgress : IRenderProgress
    {
        public void Started(string scene, long totalSteps, string outputDirectory) { }
        public void Step(StepRecord record) { }
        public void Saved(RenderedFrame frame) { }
        public void Warning(RenderWarning warning) => Console.Error.WriteLine(warning);
    }
}
